"""A real OpenID Connect provider for tests: oidc-provider-mock (a Flask app built on Authlib)
served on a free port in a thread. It signs ID tokens with its own RSA key, publishes the key
at /jwks and checks codes, redirect addresses and nonces as a provider does.

`issue_tokens_to` makes it issue codes and tokens to another client id than the one the portal
sends, as a provider would for a token meant for another application (a wrong audience).
"""

import io
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import oidc_provider_mock
import requests
import werkzeug.serving

CLIENT_ID = "pathways-tests"
CLIENT_SECRET = "not-a-real-secret"


class QuietRequestHandler(werkzeug.serving.WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


class Provider:
    def __init__(self, *, token_lifetime: timedelta = timedelta(hours=1)) -> None:
        self.app = oidc_provider_mock.app(require_nonce=True, access_token_max_age=token_lifetime)
        self.issue_tokens_to: str | None = None
        self.server = werkzeug.serving.make_server(
            "127.0.0.1", 0, self._wsgi, threaded=True, request_handler=QuietRequestHandler
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,))
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)
        self.server.server_close()

    def settings(self) -> dict[str, str]:
        """The portal's settings for this provider (not Entra ID: its addresses are given)."""
        return {
            "SSO_ISSUER": self.url,
            "SSO_CLIENT_ID": CLIENT_ID,
            "SSO_CLIENT_SECRET": CLIENT_SECRET,
            "SSO_AUTHORIZATION_ENDPOINT": f"{self.url}/oauth2/authorize",
            "SSO_TOKEN_ENDPOINT": f"{self.url}/oauth2/token",
            "SSO_JWKS_URI": f"{self.url}/jwks",
        }

    def add_person(self, sub: str, **claims) -> None:
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=10)
        response.raise_for_status()

    def answer(self, authorization_url: str, *, sub: str | None = None, deny: bool = False):
        """What the person's browser is sent back to after they pick an identity (or cancel) on
        the provider's page: the portal's callback address with a code or an error."""
        assert authorization_url.startswith(self.url), authorization_url
        form = {"action": "deny"} if deny else {"sub": sub}
        response = requests.post(authorization_url, data=form, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def _wsgi(self, environ, start_response):
        if self.issue_tokens_to:
            self._swap_client_id(environ)
        return self.app(environ, start_response)

    def _swap_client_id(self, environ) -> None:
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if "client_id" in query:
            query["client_id"] = [self.issue_tokens_to]
            environ["QUERY_STRING"] = urlencode(query, doseq=True)
        if environ["PATH_INFO"] == "/oauth2/token":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(length).decode())
            form["client_id"] = [self.issue_tokens_to]
            body = urlencode(form, doseq=True).encode()
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
