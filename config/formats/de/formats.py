# Dates of workshops read with the weekday: "Mittwoch, 9. Dezember 2026".
DATE_FORMAT = "l, j. F Y"
