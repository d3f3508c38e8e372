"""The benchmark suite (``make bench`` or ``python -m benchmarks``): speed and memory targets, each measured
as a median over several runs and compared side by side with a baseline in the same run."""
