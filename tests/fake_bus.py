#!/usr/bin/env python3
"""fake_bus.py SOCKET MODE LOG: a session bus that answers badly, for
tests/client.sh: the keyring's client (src/secretsvc.c, src/dbus.c) must
refuse what it cannot use and sign in all the same.  A test double only
for failures a real bus and keyring never make.  The methods each
connection calls are written to LOG, one a line.

After the SASL lines, each connection gets, by MODE:
  garbage   64 random bytes
  huge      a header declaring a body of 2 GiB
  cut       a header declaring 100 bytes of body, 20 of them, then the end
  badkey    a right answer to Hello, then an OpenSession answer whose
            Diffie-Hellman public key is p itself (no key: refused)
  badsig    a right answer to Hello, then an OpenSession answer of the
            wrong signature
  swapped   a right answer to Hello, then SearchItems' answer (nothing
            found) before OpenSession's (a valid public key, 2)
then ("cut" aside) the connection stays open until the client closes it.  Prints
"ready" once listening."""
import os
import socket
import struct
import sys


def pad(b, n=8):
    return b + b"\0" * ((n - len(b) % n) % n)


def string(s, at):
    """An 's' or 'o' at offset `at` of the message: aligned to 4."""
    b = s.encode()
    lead = b"\0" * ((4 - at % 4) % 4)
    return lead + struct.pack("<I", len(b)) + b + b"\0"


def reply(serial, sig, body):
    """A method return to `serial` with signature sig and the body's bytes."""
    fields = b""
    # REPLY_SERIAL (5, 'u')
    fields += pad(b"", 8) + bytes([5, 1]) + b"u\0" + struct.pack("<I", serial)
    # SIGNATURE (8, 'g')
    fields = pad(fields) + bytes([8, 1]) + b"g\0" + bytes([len(sig)]) + sig.encode() + b"\0"
    head = b"l\2\1\1" + struct.pack("<III", len(body), 1000 + serial, len(fields))
    return pad(head + fields) + body


# RFC 2409's 1024-bit prime: a public key equal to it is no key at all.
P = bytes.fromhex(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF"
)


def answer(mode):
    if mode == "garbage":
        return os.urandom(64)
    if mode == "huge":
        return b"l\2\1\1" + struct.pack("<III", 0x7FFFFFFF, 1, 0)
    if mode == "cut":
        return b"l\2\1\1" + struct.pack("<III", 100, 1, 0) + b"x" * 20
    hello = reply(1, "s", string(":1.7", 0))
    if mode == "badkey":
        body = b"\2ay\0" + struct.pack("<I", len(P)) + P
        body += string("/org/freedesktop/secrets/session/s1", len(body))
        return hello + reply(2, "vo", body)
    if mode == "badsig":
        return hello + reply(2, "s", string("no", 0))
    if mode == "swapped":
        body = b"\2ay\0" + struct.pack("<I", 1) + b"\2"
        body += string("/org/freedesktop/secrets/session/s1", len(body))
        return hello + reply(3, "aoao", b"\0" * 8) + reply(2, "vo", body)
    raise SystemExit("fake_bus.py: no such mode " + mode)


def members(buf):
    """The MEMBER of each whole message at the start of buf, and the rest."""
    names = []
    while len(buf) >= 16 and buf[:1] == b"l":
        body, _, flen = struct.unpack("<III", buf[4:16])
        size = 16 + flen + (8 - (16 + flen) % 8) % 8 + body
        if len(buf) < size:
            break
        i, end = 16, 16 + flen
        while i < end:
            i += (8 - i % 8) % 8
            code, siglen = buf[i], buf[i + 1]
            sig = buf[i + 2 : i + 2 + siglen]
            i += 3 + siglen
            if sig in (b"s", b"o"):
                i += (4 - i % 4) % 4
                n = struct.unpack("<I", buf[i : i + 4])[0]
                if code == 3:
                    names.append(buf[i + 4 : i + 4 + n].decode())
                i += 5 + n
            elif sig == b"g":
                i += 2 + buf[i]
            else:
                i += (4 - i % 4) % 4 + 4
        buf = buf[size:]
    return names, buf


def main():
    path, mode, log = sys.argv[1], sys.argv[2], sys.argv[3]
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(8)
    print("ready", flush=True)
    while True:
        conn, _ = srv.accept()
        conn.settimeout(5)
        buf, begun, first = b"", False, True
        try:
            # The SASL lines: a NUL, then AUTH (GDBus first asks which
            # mechanisms with a bare AUTH), NEGOTIATE_UNIX_FD, BEGIN.
            while not begun:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                buf += chunk
                if first and buf.startswith(b"\0"):
                    buf, first = buf[1:], False
                while b"\r\n" in buf and not begun:
                    line, buf = buf.split(b"\r\n", 1)
                    if line == b"AUTH":
                        conn.sendall(b"REJECTED EXTERNAL\r\n")
                    elif line.startswith(b"AUTH "):
                        conn.sendall(b"OK 0123456789abcdef0123456789abcdef\r\n")
                    elif line == b"BEGIN":
                        begun = True
                    else:
                        conn.sendall(b"ERROR\r\n")
            if not begun:
                conn.close()
                continue
            conn.sendall(answer(mode))
            if mode == "cut":
                conn.close()
                continue
            # Then listen, and say what was asked, until the client goes.
            while True:
                names, buf = members(buf)
                with open(log, "a") as f:
                    for n in names:
                        f.write(n + "\n")
                chunk = conn.recv(4096)
                if not chunk:
                    break
                buf += chunk
        except OSError:
            pass
        conn.close()


if __name__ == "__main__":
    main()
