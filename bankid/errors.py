"""The one error of BankID calls, apart from the client so that the views can catch it without loading httpx."""


class BankIDError(Exception):
    """BankID answered with an error, or could not be reached. `code` says which (see the module's docstring)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
