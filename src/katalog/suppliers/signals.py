"""What a business's life tells the apps above suppliers, which suppliers may not import (docs/architecture.md,
the floor plan)."""

from django.dispatch import Signal

# Sent inside `supplier_verify`'s transaction when a business is verified for the first time, with `supplier`
# and `actor`. A receiver returns a list of what it did (the catalogue: the draft products it submitted for
# review), so the notice to the business can say how many.
first_verified = Signal()
