# Dates of workshops read with the weekday: "Wednesday, 9 December 2026".
DATE_FORMAT = "l, j F Y"
