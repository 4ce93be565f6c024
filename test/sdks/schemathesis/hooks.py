"""Schemathesis hooks for both runs of run.mjs (loaded with SCHEMATHESIS_HOOKS=hooks).

- With CSMS_ST_AUTH=signature, every request is signed with the suite's access key (CSMS_AK,
  CSMS_SK): SDK-HMAC-SHA256, the algorithm of packages/client/src/signer.ts, applied to the final
  PreparedRequest, so the signature covers the exact method, URL, headers and body bytes sent.
- In both runs, the check `credentials_accepted`: a request that carries the suite's credentials
  must not be refused for them. Schemathesis's own checks count 401 as an acceptable answer to
  any request, so without this one a signature the mock failed to verify would pass unnoticed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urlsplit

import requests
import schemathesis

ALGORITHM = "SDK-HMAC-SHA256"
# The headers signed besides Host, when the request has them (as the official SDKs do).
SIGNED = ("content-type", "x-sdk-date")
_MALFORMED_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def percent_encode(text: str) -> str:
    """RFC 3986 unreserved characters stay; every other UTF-8 byte is %XX (the signer's percentEncode)."""
    return quote(text, safe="~")


def decode_segment(segment: str) -> str:
    """decodeURIComponent, or the segment unchanged where it would throw (a bad escape, bytes that are not UTF-8)."""
    if _MALFORMED_ESCAPE.search(segment):
        return segment
    try:
        return unquote_to_bytes(segment).decode("utf-8")
    except UnicodeDecodeError:
        return segment


def canonical_uri(path: str) -> str:
    """Each segment decoded, then escaped; always ends in `/` (the signer's canonicalUri)."""
    uri = "/".join(percent_encode(decode_segment(s)) for s in path.split("/"))
    return uri if uri.endswith("/") else f"{uri}/"


def canonical_query(query: str) -> str:
    """Pairs sorted by name, then value (as decoded; UTF-16 order, as JavaScript compares), each escaped."""
    pairs = parse_qsl(query, keep_blank_values=True)
    pairs.sort(key=lambda kv: (kv[0].encode("utf-16-be"), kv[1].encode("utf-16-be")))
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs)


class SdkHmacSha256(requests.auth.AuthBase):
    """Signs a PreparedRequest: Schemathesis calls it with the final URL and body."""

    def __init__(self, ak: str, sk: str) -> None:
        self.ak = ak
        self.sk = sk.encode()

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["X-Sdk-Date"] = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        url = urlsplit(r.url)
        # Host is signed: set it to what will be sent, so the signature and the header agree.
        r.headers["Host"] = url.netloc
        headers = {"host": url.netloc}
        for name in SIGNED:
            value = r.headers.get(name)
            if value is not None:
                headers[name] = str(value).strip()
        names = sorted(headers)
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode()
        canonical = "\n".join(
            [
                r.method.upper(),
                canonical_uri(url.path),
                canonical_query(url.query) if url.query else "",
                "".join(f"{n}:{headers[n]}\n" for n in names),
                ";".join(names),
                hashlib.sha256(body).hexdigest(),
            ]
        )
        to_sign = f"{ALGORITHM}\n{r.headers['X-Sdk-Date']}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
        signature = hmac.new(self.sk, to_sign.encode(), hashlib.sha256).hexdigest()
        r.headers["Authorization"] = f"{ALGORITHM} Access={self.ak}, SignedHeaders={';'.join(names)}, Signature={signature}"
        return r


AK = os.environ["CSMS_AK"]
TOKEN = os.environ["CSMS_TOKEN"]
if os.environ.get("CSMS_ST_AUTH") == "signature":
    schemathesis.auth.set_from_requests(SdkHmacSha256(AK, os.environ["CSMS_SK"]))


def carries_suite_credentials(request: requests.PreparedRequest) -> bool:
    """The configured token, or (with no token, which the mock would look at first) our signature."""
    token = request.headers.get("X-Auth-Token")
    if token is not None:
        return token == TOKEN
    authorization = request.headers.get("Authorization", "")
    return authorization.startswith(f"{ALGORITHM} Access={AK}, ") and "X-Sdk-Date" in request.headers


@schemathesis.check
def credentials_accepted(ctx, response, case):
    """401/403 only for requests without the suite's credentials (Schemathesis's own auth probes)."""
    if response.status_code in (401, 403) and carries_suite_credentials(response.request):
        try:
            reason = response.json().get("error_msg", "")
        except ValueError:
            reason = ""
        # The answer's reason only: never the token or the signature.
        raise AssertionError(f"The mock refused the suite's credentials with {response.status_code}: {reason}")
