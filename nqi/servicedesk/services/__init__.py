"""Writes of the one-stop service window (house rule 3), one module per aggregate."""
