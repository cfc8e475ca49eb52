"""The error model: every failure is JSON, and validation failures name the parameter."""
from __future__ import annotations

FORBIDDEN = "You do not have permission to perform the requested action"


class ApiError(Exception):
    def __init__(self, status: int, message: str, parameter: str | None = None,
                 headers: dict | None = None, body: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter
        self.headers = headers or {}
        self.body = body

    def to_json(self) -> dict:
        if self.body is not None:
            return self.body
        body = {"error": self.message}
        if self.parameter:
            body["parameter"] = self.parameter
        return body


def bad_request(parameter: str | None, message: str) -> ApiError:
    return ApiError(400, message, parameter)


def invalid(parameter: str, message: str) -> ApiError:
    """422: the body is well formed but a value breaks a rule of the resource."""
    return ApiError(422, message, parameter)


def not_found(what: str = "Resource") -> ApiError:
    return ApiError(404, f"{what} not found")


def forbidden() -> ApiError:
    return ApiError(403, FORBIDDEN)


def unauthorized() -> ApiError:
    return ApiError(401, "HTTP Token: Access denied.")
