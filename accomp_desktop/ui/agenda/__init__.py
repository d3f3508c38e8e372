"""The Agenda place: the day, week, month and list views, the grid and what screen readers hear of it, the
appointment and common-slot dialogs."""
