"""Schemathesis hooks for both runs of run.mjs (loaded with SCHEMATHESIS_HOOKS=hooks).

- With CSMS_ST_AUTH=signature, every request is signed with the suite's access key (CSMS_AK,
  CSMS_SK): SDK-HMAC-SHA256, the algorithm of packages/client/src/signer.ts, applied to the final
  PreparedRequest, so the signature covers the exact method, URL, headers and body bytes sent.
- In both runs, the check `credentials_accepted`: a request that carries the suite's credentials
  must not be refused for them. Schemathesis's own checks count 401 as an acceptable answer to
  any request, so without this one a signature the mock failed to verify would pass unnoticed.
- The links of links.json, added to the document as Schemathesis loads it (the bundled file is
  not changed), for the stateful phase.
- The mock is stateful, and a write of one case would change what the next one meets (a secret
  scheduled for deletion refuses every value and change after it). Each case of the examples,
  coverage and fuzzing phases, which test one request each, therefore starts from the mock's
  configured state (POST /_mock/reset before it); the stateful phase starts from that state once
  and then keeps what its scenarios do, which is what it tests.
"""

from __future__ import annotations

import hashlib
import hmac
import json
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
MOCK_URL = os.environ["CSMS_MOCK_URL"].rstrip("/")
LINKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "links.json")
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


def _operations(raw_schema: dict) -> dict[str, dict]:
    """operationId → operation object of the loaded document."""
    return {
        op["operationId"]: op
        for item in raw_schema.get("paths", {}).values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }


def _success(operation: dict) -> str:
    """The operation's one 2xx status, from the document."""
    codes = [code for code in operation["responses"] if str(code).startswith("2")]
    if len(codes) != 1:
        raise ValueError(f"{operation['operationId']}: links need one 2xx response, the document has {codes}")
    return codes[0]


@schemathesis.hook
def before_load_schema(context, raw_schema: dict) -> None:
    """Adds links.json to the success response of each link's source operation (inline in the bundle)."""
    with open(LINKS, encoding="utf-8") as f:
        links = json.load(f)["links"]
    operations = _operations(raw_schema)
    for link in links:
        for end in (link["from"], link["to"]):
            if end not in operations:
                raise ValueError(f"links.json: no operation {end} in the document")
        responses = operations[link["from"]]["responses"]
        status = _success(operations[link["from"]])
        if "$ref" in responses[status]:
            # A shared response would carry the link to every operation that uses it.
            raise ValueError(f"links.json: {link['from']} {status} is a $ref; links need an inline response")
        definition = {"operationId": link["to"], "parameters": {"project_id": "$request.path.project_id", **link.get("parameters", {})}}
        if "requestBody" in link:
            definition["requestBody"] = link["requestBody"]
        named = responses[status].setdefault("links", {})
        name = f"{link['to']}From{link['from']}"
        if name in named:
            raise ValueError(f"links.json: two links {name}")
        named[name] = definition


_reset_for_stateful = False


@schemathesis.hook
def before_call(context, case, kwargs) -> None:
    """The configured state before each single-request case, and once before the stateful phase."""
    global _reset_for_stateful
    phase = case.meta.phase.name if case.meta is not None else None
    if phase == "stateful":
        if _reset_for_stateful:
            return
        _reset_for_stateful = True
    # The control endpoints take JSON only (as run.mjs's own reset).
    answer = requests.post(f"{MOCK_URL}/_mock/reset", headers={"Content-Type": "application/json"}, timeout=10)
    if answer.status_code != 204:
        raise RuntimeError(f"POST /_mock/reset answered {answer.status_code}: the mock must run with admin: true")
