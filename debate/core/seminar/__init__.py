"""The rules a seminar debate runs by, its clock, its decisions and its screen. Pure."""
