"""The département's hub: a PostgreSQL database and a thin sync service in front of it, which the desktops
reach over HTTPS (never PostgreSQL's own port). Being built (issue 20): so far the throwaway server the tests
and the two-window demonstration start."""
