"""Documents printed for the person: the joint action plan."""
