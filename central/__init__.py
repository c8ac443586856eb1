"""The reference central service the desk syncs to: HTTP API, its own database.

Kept import-light on purpose: ``import central`` pulls in neither uvicorn nor FastAPI, so the
desk can reach ``central.server.CentralServer`` only when it embeds a training service.
"""
