"""Actor-scoped reads of the one-stop service window (house rule 4), one module per aggregate."""
