"""solieu.ingest"""
