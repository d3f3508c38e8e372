"""The demonstration caseload: fictitious people, binômes and dossiers written straight into a database kept
apart from real data (``--demo``, the tests, the screenshots and the benchmarks). Not a service: nothing in
the window or the batch commands writes through it."""
