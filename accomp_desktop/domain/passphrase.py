"""The passphrase rule, in a module of its own: the sign-in window shows it before anything heavy is
loaded."""

PASSPHRASE_MIN = 10  # characters; three or four words are easier to remember, and stronger
