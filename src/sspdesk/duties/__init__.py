"""Data-protection duties: audit log, access requests, erasure and correction, retention, minimisation, leak guards."""
