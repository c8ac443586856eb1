"""Reusable widgets, one per module, imported by the screens that use them (as Picard's
``picard/ui/widgets``). They know nothing of the desk: no services, no storage."""
