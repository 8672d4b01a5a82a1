# Figures read the same whichever language the interface speaks: Indonesian separators (92,00%; 1.234.567),
# as rupiah amounts (Rp1.250.000) and the printed letters already are. Dates and the rest stay Django's English.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
