"""The reference central service the desk syncs to: HTTP API, its own database.

Kept import-light on purpose: ``import bimer_central`` pulls in neither uvicorn nor FastAPI, so the
desk can reach ``bimer_central.server.CentralServer`` only when it embeds a training service.
"""
