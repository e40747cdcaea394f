#!/usr/bin/python3
"""Writes dns-wire-reference.json: DNS messages built (or, for the broken ones, put together by
hand) and parsed by dnspython, for dns-wire.test.ts to check the scanner's own codec against.

    /usr/bin/python3 test/dns/dns-wire-reference.py > test/dns/dns-wire-reference.json

(Debian: apt-get install python3-dnspython, which installs into the system Python.)

- "queries": what dnspython's make_query puts on the wire for each query the scanner may send,
  and what it reads back from those bytes (question, RD, EDNS). encodeQuery must write the same
  bytes, so dnspython reads our queries the same way.
- "messages": responses as hex, each with what dnspython reads from it, written in the scanner's
  record shapes, or "malformed" with the exception dnspython raises.

Names are written the way the scanner compares and reports them: A-Z lower-cased, no trailing
dot, the root as "", and ".", "\\" and bytes outside printable ASCII escaped as \\. \\\\ \\DDD.
dnspython's to_text keeps the case and escapes a few more characters ("();@$); the labels are
dnspython's, only their spelling is ours.
"""
import json
import struct
import sys

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.opcode
import dns.rcode
import dns.rdatatype
import dns.rrset
import dns.version


def name_text(name):
    labels = [label for label in name.labels if label != b""]
    out = []
    for label in labels:
        text = ""
        for byte in label:
            if byte in (0x2E, 0x5C):
                text += "\\" + chr(byte)
            elif byte < 0x21 or byte > 0x7E:
                text += "\\%03d" % byte
            elif 0x41 <= byte <= 0x5A:
                text += chr(byte + 0x20)
            else:
                text += chr(byte)
        out.append(text)
    return ".".join(out)


def record(rrset, rdata):
    base = {"name": name_text(rrset.name), "ttl": rrset.ttl}
    rdtype = rrset.rdtype
    if rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
        return {"type": dns.rdatatype.to_text(rdtype), **base, "address": rdata.address}
    if rdtype == dns.rdatatype.CNAME:
        return {"type": "CNAME", **base, "target": name_text(rdata.target)}
    if rdtype == dns.rdatatype.NS:
        return {"type": "NS", **base, "nameServer": name_text(rdata.target)}
    if rdtype == dns.rdatatype.MX:
        return {
            "type": "MX",
            **base,
            "preference": rdata.preference,
            "exchange": name_text(rdata.exchange),
        }
    if rdtype == dns.rdatatype.SOA:
        return {
            "type": "SOA",
            **base,
            "primary": name_text(rdata.mname),
            "admin": name_text(rdata.rname),
            "serial": rdata.serial,
            "refresh": rdata.refresh,
            "retry": rdata.retry,
            "expire": rdata.expire,
            "minimum": rdata.minimum,
        }
    # Only types without names here, so the uncompressed rdata is the rdata on the wire.
    return {"type": "OTHER", **base, "typeCode": int(rdtype), "rdataBytes": len(rdata.to_wire())}


def section(rrsets):
    return [record(rrset, rdata) for rrset in rrsets for rdata in rrset]


def message_fields(message):
    flags = message.flags
    additionals = section(message.additional)
    if message.opt is not None:
        # dnspython keeps the OPT record apart; in every message here it is the last record.
        additionals.append(
            {
                "type": "OPT",
                "name": name_text(message.opt.name),
                "udpPayloadBytes": message.payload,
                "extendedRcode": (message.ednsflags >> 24) & 0xFF,
                "version": message.edns,
                "dnssecOk": bool(message.ednsflags & dns.flags.DO),
            }
        )
    return {
        "id": message.id,
        "qr": bool(flags & dns.flags.QR),
        "opcode": dns.opcode.from_flags(flags),
        "aa": bool(flags & dns.flags.AA),
        "tc": bool(flags & dns.flags.TC),
        "rd": bool(flags & dns.flags.RD),
        "ra": bool(flags & dns.flags.RA),
        "rcode": int(message.rcode()),
        "questions": [
            {"name": name_text(rrset.name), "type": int(rrset.rdtype), "class": int(rrset.rdclass)}
            for rrset in message.question
        ],
        "answers": section(message.answer),
        "authorities": section(message.authority),
        "additionals": additionals,
    }


# --- queries -------------------------------------------------------------------------------

QUERIES = [
    # (name, type, recursive, edns, id)
    ("example.test", "A", True, True, 0x1234),
    ("Www.Example.Test", "AAAA", True, True, 0xFFFF),
    ("v6.example.test", "AAAA", True, False, 0),
    ("example.test", "SOA", False, True, 0x8001),
    ("mail.example.test.", "MX", True, True, 42),
    ("example.test", "NS", True, True, 7),
    (".", "NS", False, True, 0xBEEF),  # the vantage check's question
    ("a\\.b.example.test", "CNAME", True, True, 1),
    ("\\065bc\\032d\\\\.example.test", "A", True, True, 2),
    ("x" * 63 + ".test", "A", True, True, 3),
    (".".join(["a" * 61] * 4), "AAAA", True, True, 4),  # 253 characters, 255 bytes on the wire
]


def query_case(name, rdtype, recursive, edns, query_id):
    query = dns.message.make_query(
        name, rdtype, use_edns=0 if edns else False, payload=1232
    )
    query.id = query_id
    if not recursive:
        query.flags &= ~dns.flags.RD
    wire = query.to_wire()
    parsed = dns.message.from_wire(wire)
    (question,) = parsed.question
    return {
        "name": name,
        "type": dns.rdatatype.from_text(rdtype),
        "recursive": recursive,
        "edns": edns,
        "id": query_id,
        "hex": wire.hex(),
        "read_back": {
            "question": {
                "name": name_text(question.name),
                "type": int(question.rdtype),
                "class": int(question.rdclass),
            },
            "rd": bool(parsed.flags & dns.flags.RD),
            "opcode": dns.opcode.from_flags(parsed.flags),
            "edns": None
            if parsed.opt is None
            else {
                "version": parsed.edns,
                "udpPayloadBytes": parsed.payload,
                "dnssecOk": bool(parsed.ednsflags & dns.flags.DO),
                "options": len(parsed.options),
            },
        },
    }


# --- responses built by dnspython ----------------------------------------------------------


def response(qname, qtype, answers=(), authority=(), additional=(), rcode=0, edns=None, flags=0,
             query_flags=dns.flags.RD, query_id=0x4242):
    query = dns.message.make_query(qname, qtype, use_edns=False)
    query.flags = query_flags
    query.id = query_id
    reply = dns.message.make_response(query)
    reply.flags |= flags | dns.flags.RA
    reply.set_rcode(rcode)
    for target, rrsets in ((reply.answer, answers), (reply.authority, authority),
                           (reply.additional, additional)):
        for text in rrsets:
            target.append(dns.rrset.from_text(*text))
    if edns is not None:
        reply.use_edns(**edns)
    # Records in the order given, so that the file comes out the same each time.
    return reply.to_wire(want_shuffle=False)


SOA = ("example.test.", 300, "IN", "SOA", "ns1.example.test. hostmaster.example.test. 2024010101 3600 600 604800 60")

BUILT = [
    ("A answer", response("host.example.test", "A",
        answers=[("host.example.test.", 60, "IN", "A", "93.184.216.34", "10.0.0.255")])),
    ("AAAA answers in RFC 5952 spellings", response("v6.example.test", "AAAA",
        answers=[("v6.example.test.", 3600, "IN", "AAAA",
                  "2606:2800:220:1:248:1893:25c8:1946", "::", "::1", "2001:db8::",
                  "2001:db8:0:1:0:0:0:1", "1:0:0:2:0:0:0:3", "fe80::1:0:0:1", "1:2:3:4:5:6:7:0")])),
    ("CNAME chain to AAAA, names compressed", response("c1.example.test", "AAAA",
        answers=[("c1.example.test.", 60, "IN", "CNAME", "c2.example.test."),
                 ("c2.example.test.", 60, "IN", "CNAME", "cdn.example.net."),
                 ("cdn.example.net.", 20, "IN", "AAAA", "2606:4700::10")])),
    ("NS with glue", response("example.test", "NS",
        answers=[("example.test.", 86400, "IN", "NS", "ns1.example.test.", "ns2.example.test.", "ns.other.test.")],
        additional=[("ns1.example.test.", 86400, "IN", "A", "192.0.2.1"),
                    ("ns1.example.test.", 86400, "IN", "AAAA", "2001:db8::53")])),
    ("MX, and a null MX", response("mail.example.test", "MX",
        answers=[("mail.example.test.", 300, "IN", "MX", "10 mx1.example.test.", "20 mx2.mail.example.test."),
                 ("null.example.test.", 300, "IN", "MX", "0 .")])),
    ("SOA answer to a direct question", response("example.test", "SOA", answers=[SOA],
        flags=dns.flags.AA, query_flags=0)),
    ("NXDOMAIN with SOA in authority", response("nowhere.example.test", "A",
        authority=[SOA], rcode=dns.rcode.NXDOMAIN)),
    ("NODATA with SOA and EDNS", response("v4only.example.test", "AAAA",
        authority=[SOA], edns={"edns": 0, "payload": 1232})),
    ("SERVFAIL", response("servfail.example.test", "A", rcode=dns.rcode.SERVFAIL)),
    ("REFUSED with EDNS", response("refused.example.test", "A", rcode=dns.rcode.REFUSED,
        edns={"edns": 0, "payload": 4096})),
    ("truncated, records left out", response("big.example.test", "A", flags=dns.flags.TC)),
    ("BADVERS: extended rcode in OPT", response("x.example.test", "A", rcode=dns.rcode.BADVERS,
        edns={"edns": 0, "payload": 1232})),
    ("OPT with DO, version 0 and options", response("x.example.test", "A",
        answers=[("x.example.test.", 60, "IN", "A", "192.0.2.7")],
        edns={"edns": 0, "payload": 512, "ednsflags": dns.flags.DO,
              "options": [dns.edns.GenericOption(dns.edns.NSID, b"ns7"),
                          dns.edns.GenericOption(dns.edns.COOKIE, bytes(range(24)))]})),
    ("unknown and unread types keep type code and length", response("misc.example.test", "A",
        answers=[("misc.example.test.", 60, "IN", "TXT", '"v=spf1 -all"', '"two" "strings"'),
                 ("misc.example.test.", 60, "IN", "CAA", '0 issue "ca.example"'),
                 ("misc.example.test.", 60, "IN", "TYPE65534", "\\# 3 010203"),
                 ("misc.example.test.", 60, "IN", "TYPE4000", "\\# 0"),
                 ("misc.example.test.", 60, "IN", "A", "192.0.2.8")])),
    ("labels with dots, spaces, backslashes and other bytes", response(
        "A\\.b.Example.test", "CNAME",
        answers=[("A\\.b.Example.test.", 60, "IN", "CNAME", "x\\032y\\000z\\255\\\\.Tgt.example.test."),
                 ("x\\032y\\000z\\255\\\\.tgt.example.test.", 60, "IN", "A", "192.0.2.9"),
                 ("at@sign.(paren);$.example.test.", 60, "IN", "NS", "NS-1.Example.test.")])),
    ("upper case names from the server", response("MiXeD.Example.TEST", "AAAA",
        answers=[("MIXED.EXAMPLE.TEST.", 60, "IN", "AAAA", "2001:db8::abcd")])),
    ("a hundred A records, compressed", response("many.example.test", "A",
        answers=[("many.example.test.", 60, "IN", "A", *["11.0.0.%d" % i for i in range(1, 101)])])),
    ("opcode STATUS, AA, RD clear", response("x.example.test", "A", flags=dns.flags.AA,
        query_flags=dns.opcode.to_flags(dns.opcode.STATUS))),
    ("IPv4-mapped and IPv4-compatible AAAA", response("mapped.example.test", "AAAA",
        answers=[("mapped.example.test.", 60, "IN", "AAAA", "::ffff:192.0.2.1", "::192.0.2.1")])),
    ("TTL with the top bit set", response("ttl.example.test", "A",
        answers=[("ttl.example.test.", 2**31, "IN", "A", "192.0.2.10")])),
]

# --- messages put together by hand -----------------------------------------------------------


def header(qd=1, an=0, ns=0, ar=0, flags=0x8180, message_id=0x4242):
    return struct.pack("!HHHHHH", message_id, flags, qd, an, ns, ar)


def wire_name(text):
    out = b""
    for label in text.split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\x00"


QUESTION = wire_name("x.example.test") + struct.pack("!HH", 1, 1)  # at offset 12


def a_record(name=b"\xc0\x0c", address=bytes([192, 0, 2, 1]), rdlength=None):
    length = len(address) if rdlength is None else rdlength
    return name + struct.pack("!HHIH", 1, 1, 60, length) + address


def cname_record(rdata, rdlength=None):
    length = len(rdata) if rdlength is None else rdlength
    return b"\xc0\x0c" + struct.pack("!HHIH", 5, 1, 60, length) + rdata


FORMERR_NO_QUESTION = header(qd=0, flags=0x8181)

# Five labels of 63 bytes, each pointing back to the one before, carried in a record of an
# unknown type, and a CNAME whose target points at the last: 5 x 64 + 1 bytes, over 255.
chain = bytearray(header(an=2) + QUESTION + b"\xc0\x0c" + struct.pack("!HHIH", 65534, 1, 60, 0))
rdata_start = len(chain)
previous = None
for index in range(5):
    here = len(chain)
    chain += bytes([63]) + bytes([0x61 + index]) * 63
    chain += struct.pack("!H", 0xC000 | previous) if previous is not None else b"\x00"
    previous = here
struct.pack_into("!H", chain, rdata_start - 2, len(chain) - rdata_start)
LONG_NAME = bytes(chain) + cname_record(struct.pack("!H", 0xC000 | previous))



def long_suffix_twice():
    """Three 63-byte labels, read first through a pointer (193 bytes), then again behind one
    more 63-byte label of a later name: 257 bytes, so the second name is too long."""
    message = bytearray(header(an=3) + QUESTION + b"\xc0\x0c" + struct.pack("!HHIH", 65534, 1, 60, 0))
    rdata_start = len(message)
    previous = None
    for index in range(3):
        here = len(message)
        message += bytes([63]) + bytes([0x61 + index]) * 63
        message += struct.pack("!H", 0xC000 | previous) if previous is not None else b"\x00"
        previous = here
    struct.pack_into("!H", message, rdata_start - 2, len(message) - rdata_start)
    pointer = struct.pack("!H", 0xC000 | previous)
    message += a_record(name=pointer)
    message += a_record(name=bytes([63]) + b"d" * 63 + pointer)
    return bytes(message)


def pointer_chain(count):
    """A CNAME whose target is `count` + 1 pointers, each to the one before, ending at the root."""
    message = bytearray(header(an=2) + QUESTION + b"\xc0\x0c" + struct.pack("!HHIH", 65534, 1, 60, 0))
    rdata_start = len(message)
    previous = len(message)
    message += b"\x00"
    for _ in range(count):
        here = len(message)
        message += struct.pack("!H", 0xC000 | previous)
        previous = here
    struct.pack_into("!H", message, rdata_start - 2, len(message) - rdata_start)
    return bytes(message) + cname_record(struct.pack("!H", 0xC000 | previous))


cut_tc = response("big.example.test", "A", flags=dns.flags.TC,
                  answers=[("big.example.test.", 60, "IN", "A", "11.0.0.1", "11.0.0.2", "11.0.0.3")])

HAND = [
    ("a response without a question (FORMERR)", FORMERR_NO_QUESTION),
    ("truncated and cut in the middle of its third record", cut_tc[: len(cut_tc) - 9]),
    ("trailing bytes after the last record", header(an=1) + QUESTION + a_record() + b"\x00\x00junk"),
    ("a chain of 128 pointers (one per label of the longest name)", pointer_chain(127)),
    ("a chain of 1000 pointers", pointer_chain(999)),
    ("a pointer into the header (backwards, legal)",
        header(an=1) + QUESTION + a_record(name=b"\xc0\x04")),
    # malformed from here on
    ("shorter than a header", b"\x42\x42\x81\x80\x00\x01\x00\x00\x00"),
    ("question cut short", header() + wire_name("x.example.test") + b"\x00"),
    ("answer count beyond the data, no TC", header(an=2) + QUESTION + a_record()),
    ("a pointer to itself", header(an=1) + QUESTION + a_record(name=b"\xc0\x20")),
    # At 0x20 "a" then a pointer on to 0x24, where "b" points back to 0x20.
    ("a pointer loop between two names",
        header(an=1) + QUESTION + b"\x01a\xc0\x24" + b"\x01b\xc0\x20"
        + struct.pack("!HHIH", 1, 1, 60, 4) + bytes(4)),
    ("a forward pointer", header(an=1) + QUESTION + a_record(name=b"\xc0\x30")),
    ("a pointer beyond the message", header(an=1) + QUESTION + a_record(name=b"\xff\xff")),
    ("a pointer cut after its first byte", header(qd=1) + b"\x01x\xc0"),
    ("an extended label type (0x40)", header(an=1) + QUESTION + a_record(name=b"\x41x\x00")),
    ("a name longer than 255 bytes through pointers", LONG_NAME),
    ("a name over 255 bytes through a suffix read before", long_suffix_twice()),
    ("an A record of 5 bytes", header(an=1) + QUESTION + a_record(address=bytes(5))),
    ("an AAAA record of 4 bytes", header(an=1) + QUESTION
        + b"\xc0\x0c" + struct.pack("!HHIH", 28, 1, 60, 4) + bytes(4)),
    ("RDLENGTH past the end", header(an=1) + QUESTION + a_record(rdlength=40)),
    ("a CNAME target running out of its rdata",
        header(an=1) + QUESTION + cname_record(wire_name("t.example.test"), rdlength=5)
        + bytes(20)),
    ("a CNAME rdata longer than its name",
        header(an=1) + QUESTION + cname_record(wire_name("t.example.test") + b"\x00\x00")),
    ("an MX record of one byte", header(an=1) + QUESTION
        + b"\xc0\x0c" + struct.pack("!HHIH", 15, 1, 60, 1) + b"\x00"),
    ("an SOA record without its numbers", header(an=1) + QUESTION
        + b"\xc0\x0c" + struct.pack("!HHIH", 6, 1, 60, 4) + b"\x00\x00" + bytes(2)),
]


def parse_case(label, wire):
    case = {"case": label, "hex": wire.hex()}
    try:
        message = dns.message.from_wire(wire, one_rr_per_rrset=True, ignore_trailing=True,
                                        raise_on_truncation=True)
        case["expected"] = message_fields(message)
    except dns.message.Truncated as truncated:
        case["expected"] = message_fields(truncated.message())
    except dns.exception.DNSException as error:
        case["malformed"] = type(error).__name__
        return case
    try:
        dns.message.from_wire(wire, one_rr_per_rrset=True)
    except dns.message.TrailingJunk:
        case["dnspython_default"] = "TrailingJunk"
    except dns.exception.FormError as error:
        case["dnspython_default"] = type(error).__name__
    return case


def main():
    messages = [parse_case(label, wire) for label, wire in BUILT + HAND]
    json.dump(
        {
            "generator": "dnspython " + dns.version.version,
            "queries": [query_case(*query) for query in QUERIES],
            "messages": messages,
        },
        sys.stdout,
        indent=2,
    )
    sys.stdout.write("\n")


main()
