from bankid.testing import bankid_certificates, bankid_server  # noqa: F401 (fixtures)
