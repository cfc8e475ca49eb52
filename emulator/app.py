"""The application factory: one Flask app serving the CallRail surface (/v3) and the
control plane (/_emulator) over one Emulator state."""
from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from emulator import __version__
from emulator.config import Settings
from emulator.errors import ApiError
from emulator.state import Emulator
from emulator.traffic import install as install_traffic  # registers its tables before any Emulator
from emulator.webhooks import install as install_webhooks


class StripJsonSuffix:
    """Paths answer with and without `.json` (DESIGN, fidelity rules): routes are declared
    without it and this strips it before routing. The original path stays in the environ."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        environ["emulator.original_path"] = path
        if path.startswith("/v3/") and path.endswith(".json"):
            environ["PATH_INFO"] = path[:-5]
        return self.app(environ, start_response)


def create_app(settings: Settings | None = None, emulator: Emulator | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.json.sort_keys = False
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # bodies are small JSON; larger is a JSON 413
    app.url_map.strict_slashes = False
    app.extensions["emulator"] = emulator or Emulator(settings)
    app.config["EMULATOR_VERSION"] = __version__

    from emulator.control import bp as control_bp
    from emulator.v3 import bp as v3_bp

    app.register_blueprint(v3_bp)
    app.register_blueprint(control_bp)

    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        response = jsonify(error.to_json())
        response.status_code = error.status
        response.headers.update(error.headers)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {404: "Not found", 405: "Method not allowed"}
        response = jsonify({"error": messages.get(error.code, error.description),
                            "path": request.environ.get("emulator.original_path", request.path)})
        response.status_code = error.code or 500
        if error.code == 405:
            response.headers["Allow"] = ", ".join(error.valid_methods or [])
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error")
        # The details go to the log only: an answer must not leak SQL, paths or values.
        response = jsonify({"error": "Internal server error"})
        response.status_code = 500
        return response

    install_traffic(app)  # maintenance, faults, rate limits, journal: app-level hooks on /v3
    install_webhooks(app)  # domain events -> signed deliveries
    app.wsgi_app = StripJsonSuffix(app.wsgi_app)
    return app


def state(app=None) -> Emulator:
    from flask import current_app

    return (app or current_app).extensions["emulator"]
