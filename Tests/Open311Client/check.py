"""Drives a running GridHub with Open311 clients written by others, used unchanged.

`georeport` (PyPI, Apache-2.0, written for Boston, Chicago and other US cities) reads services,
service definitions and requests in JSON and in XML. It has no POST, token or discovery call, so
those go through `requests` exactly as the GeoReport v2 specification and the Code for America
`open311` client send them: api_key and jurisdiction_id in the query string, the fields form-encoded
(or multipart with a `media` file).

usage: check.py BASE_URL API_KEY JURISDICTION
"""

import struct
import sys
import zlib

import requests
import xmltodict
from georeport import GeoReport

base, api_key, jurisdiction = sys.argv[1], sys.argv[2], sys.argv[3]
root = base.rstrip("/") + "/open311/v2"
checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    checks += 1
    print(f"ok {checks:2d}  {what}")


def tiny_png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# Discovery (the specification's own document).
discovery = requests.get(f"{root}/discovery.json").json()
check(discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2", "discovery.json names GeoReport v2")
xml = xmltodict.parse(requests.get(f"{root}/discovery.xml").content)
check(xml["discovery"]["endpoints"]["endpoint"]["formats"]["format"] == ["text/xml", "application/json"], "discovery.xml lists both formats")

for fmt in ("json", "xml"):
    client = GeoReport(root, jurisdiction=jurisdiction, output_format=fmt)
    services = client.get_service_list()
    check(len(services) == 131 and any(s["service_name"] == "上水井盖" for s in services), f"georeport {fmt}: 131 services, names in Chinese")
    definition = client.get_service_definition("C0101")
    if fmt == "xml":
        attributes = definition["attributes"]["attribute"]
    else:
        attributes = definition["attributes"]
    check({a["datatype"] for a in attributes} == {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"},
          f"georeport {fmt}: the definition of C0101 uses every datatype")

# POST, form-encoded, the way the Code for America client sends it.
point = {"lat": "43.8800", "long": "125.3100"}
posted = requests.post(
    f"{root}/requests.json", params={"jurisdiction_id": jurisdiction, "api_key": api_key},
    data={"service_code": "C0101", **point, "description": "上水井盖丢失，请尽快处理 <危险>",
          "attribute[severity]": "urgent", "attribute[impacts][]": ["traffic", "safety"],
          "first_name": "张", "last_name": "三", "email": "zhang@example.cn"})
check(posted.status_code == 200, f"POST requests.json answers 200 ({posted.status_code})")
answer = posted.json()[0]
request_id, token = answer["service_request_id"], answer["token"]
check(request_id.startswith("YC-") and token, f"it answers service_request_id {request_id} and a token")

# POST, multipart with a photo, answered in XML.
with_photo = requests.post(
    f"{root}/requests.xml", params={"jurisdiction_id": jurisdiction, "api_key": api_key},
    data={"service_code": "E0101", "lat": "43.8790", "long": "125.3050", "description": "垃圾满了"},
    files={"media": ("photo.png", tiny_png(), "image/png")})
check(with_photo.status_code == 200, f"POST requests.xml with a media file answers 200 ({with_photo.status_code})")
photo_id = xmltodict.parse(with_photo.content)["service_requests"]["request"]["service_request_id"]

# Tokens.
resolved = requests.get(f"{root}/tokens/{token}.json", params={"jurisdiction_id": jurisdiction}).json()
check(resolved[0]["service_request_id"] == request_id, "tokens/{token}.json gives the request id")
resolved = xmltodict.parse(requests.get(f"{root}/tokens/{token}.xml").content)
check(resolved["service_requests"]["request"]["service_request_id"] == request_id, "tokens/{token}.xml gives the request id")

for fmt in ("json", "xml"):
    client = GeoReport(root, jurisdiction=jurisdiction, output_format=fmt)
    one = client.get_service_request(request_id)
    check(one["service_request_id"] == request_id and one["description"].startswith("上水井盖丢失，请尽快处理 <危险>"),
          f"georeport {fmt}: the request reads back with its Chinese description intact")
    check(one["status"] == "open" and one["agency_responsible"] == "供水", f"georeport {fmt}: open, with 供水 responsible")
    listed = client.get_service_requests(service_request_id=f"{request_id},{photo_id}")
    listed = listed if isinstance(listed, list) else [listed]
    check({r["service_request_id"] for r in listed} == {request_id, photo_id}, f"georeport {fmt}: requests by id list")
    photo = next(r for r in listed if r["service_request_id"] == photo_id)
    check(requests.get(photo["media_url"]).headers["Content-Type"] == "image/png", f"georeport {fmt}: the photo's media_url serves it")
    recent = client.get_service_requests(service_code="C0101", status="open")
    recent = recent if isinstance(recent, list) else [recent]
    check(any(r["service_request_id"] == request_id for r in recent), f"georeport {fmt}: filtered by service_code and status")

bad = requests.post(f"{root}/requests.json", data={"service_code": "C0101", **point})
check(bad.status_code == 403 and bad.json()[0]["code"] == 403, "a POST without api_key is 403 with errors/error")
print(f"all {checks} checks passed")
