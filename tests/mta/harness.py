#!/usr/bin/env python3
"""Runs real Exim and real Postfix against scripted SMTP servers (mx-rules.md §4).

    python3 tests/mta/harness.py PLAN.json OBSERVATIONS.json

PLAN.json is written by tests/mta.rs: the mxdrill binary, the zone directories, where
Postfix was unpacked, and the cases (recipient, each MX address with its host state, what
its server does (from the state table) and
whether it accepts the recipient's domain, whether DNS answers, the sender's own host).

Everything happens inside `unshare -n -m -p -f`: a network namespace with only `lo`
(each MX host's documentation address is added to it), a mount namespace (resolv.conf,
passwd and group are bind-mounted there only) and a PID namespace, so that every daemon
started here dies with it. Nothing leaves the namespace.

For every case and MTA the harness records the SYNs sent to port 25 (in order: the hosts
the MTA contacted), the first-run outcome read from the MTA's own log, and those log
lines; OBSERVATIONS.json holds them all.
"""

import json
import os
import shutil
import smtplib
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

INSIDE = "MXDRILL_MTA_INSIDE"
# A host's own replies come in the plan, from the state's row of src/dns/host_state.rs
# (each host's "smtp"): the same lines the simulator puts in the trace.
RELAY_DENIED = "550 5.7.1 Relaying denied"
# Timeouts kept short so the whole run stays under two minutes.
CONNECT_TIMEOUT = 2
COMMAND_TIMEOUT = 4
# A filler connection's source: its SYN is not one the MTA sent (IPv4 and IPv6).
FILLER_SOURCE = "127.0.0.9"
FILLER_SOURCE6 = "::1"


def main():
    plan_path, out_path = sys.argv[1], sys.argv[2]
    if os.environ.get(INSIDE) != "1":
        env = dict(os.environ, **{INSIDE: "1"})
        cmd = ["unshare", "-n", "-m", "-p", "-f", "--mount-proc", "--kill-child",
               sys.executable, os.path.abspath(__file__), plan_path, out_path]
        # exec: stopping this process stops the namespace, and every daemon in it.
        os.execvpe(cmd[0], cmd, env)
    with open(plan_path) as f:
        plan = json.load(f)
    lab = Lab(plan)
    try:
        observations = lab.run()
    finally:
        lab.close()
    with open(out_path, "w") as f:
        json.dump(observations, f, indent=1)


def sh(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


class Lab:
    def __init__(self, plan):
        self.plan = plan
        self.work = tempfile.mkdtemp(prefix="mxdrill-mta-")
        os.chmod(self.work, 0o755)
        self.behaviour = {}  # address -> (state, accepts, host name)
        self.listeners = []
        self.syns = []
        self.syn_keys = set()
        self.syn_lock = threading.Lock()
        self.serve = None
        self.postfix_master = None
        self.postfix_dns = True

    # --- the namespace -------------------------------------------------------
    def setup(self):
        sh("mount", "--make-rprivate", "/")
        sh("ip", "link", "set", "lo", "up")
        addresses = sorted({h["address"] for c in self.plan["cases"] for h in c["hosts"]}
                           | {a for c in self.plan["cases"] for a in c.get("self_addresses", [])})
        for a in addresses:
            if ":" in a:
                sh("ip", "-6", "addr", "add", a + "/128", "dev", "lo", "nodad")
            else:
                sh("ip", "addr", "add", a + "/32", "dev", "lo")
        sh("ip", "addr", "add", FILLER_SOURCE + "/32", "dev", "lo")
        self.resolv = os.path.join(self.work, "resolv.conf")
        self.set_dns(True)
        sh("mount", "--bind", self.resolv, "/etc/resolv.conf")
        # Postfix needs its own users; they exist only inside the mount namespace.
        for name, extra in (("passwd", "postfix:x:990:990::/nonexistent:/usr/sbin/nologin\n"),
                            ("group", "postfix:x:990:\npostdrop:x:991:\n")):
            copy = os.path.join(self.work, name)
            with open("/etc/" + name) as src, open(copy, "w") as dst:
                dst.write(src.read() + extra)
            sh("mount", "--bind", copy, "/etc/" + name)
        hosts = os.path.join(self.work, "hosts")
        with open(hosts, "w") as f:
            f.write("127.0.0.1 localhost\n::1 localhost\n")
        sh("mount", "--bind", hosts, "/etc/hosts")
        cmd = [self.plan["mxdrill"]]
        for d in self.plan["content"]:
            cmd += ["--content", d]
        cmd += ["serve", "--listen", "127.0.0.1:53"]
        self.serve = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for_dns()
        threading.Thread(target=self.capture_syns, daemon=True).start()

    def set_dns(self, up):
        # The file is rewritten in place: the bind mount follows the inode.
        with open(self.resolv, "w") as f:
            # 127.0.0.2:53 has no listener: every query fails at once (SERVFAIL, R1.3).
            f.write("nameserver %s\noptions timeout:1 attempts:1\n"
                    % ("127.0.0.1" if up else "127.0.0.2"))

    def close(self):
        for s in self.listeners:
            s.close()
        self.stop_postfix()
        if self.serve:
            self.serve.kill()
            self.serve.wait()
        if not os.environ.get("MXDRILL_MTA_KEEP"):
            shutil.rmtree(self.work, ignore_errors=True)

    def capture_syns(self):
        """Every TCP SYN to port 25 on lo, in order: what the MTA tried to contact."""
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        s.bind(("lo", 0))
        while True:
            frame, meta = s.recvfrom(65535)
            if meta[2] != socket.PACKET_OUTGOING:
                continue
            packet = frame[14:]
            version = packet[0] >> 4
            if version == 4:
                header = (packet[0] & 15) * 4
                proto, src, dst = packet[9], packet[12:16], packet[16:20]
                family = socket.AF_INET
            elif version == 6:
                header, proto, src, dst = 40, packet[6], packet[8:24], packet[24:40]
                family = socket.AF_INET6
            else:
                continue
            if proto != 6:
                continue
            sport, dport = struct.unpack("!HH", packet[header:header + 4])
            flags = packet[header + 13]
            if dport != 25 or not flags & 0x02 or flags & 0x10:
                continue
            source = socket.inet_ntop(family, src)
            if source in (FILLER_SOURCE, FILLER_SOURCE6):
                continue
            key = (source, sport, dst)
            with self.syn_lock:
                if key not in self.syn_keys:  # a retransmitted SYN is the same attempt
                    self.syn_keys.add(key)
                    self.syns.append(socket.inet_ntop(family, dst))

    # --- the scripted SMTP servers ---------------------------------------------
    def open_servers(self, case):
        self.behaviour = {h["address"]: h for h in case["hosts"]}
        for h in case["hosts"]:
            connect = h["smtp"]["connect"]
            if connect == "refuses":
                continue  # nothing listens: connection refused
            family = socket.AF_INET6 if ":" in h["address"] else socket.AF_INET
            s = socket.socket(family, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((h["address"], 25))
            if connect == "silent":
                # A full accept queue drops every further SYN: the connection times out.
                s.listen(0)
                filler = socket.socket(family, socket.SOCK_STREAM)
                # Bound to its own source, so its SYN is never taken for the MTA's
                # (an IPv6 filler once was, when a loaded machine delayed it).
                source = FILLER_SOURCE if family == socket.AF_INET else FILLER_SOURCE6
                filler.bind((source, 0))
                filler.connect((h["address"], 25))
                self.listeners += [s, filler]
                continue
            s.listen(8)
            self.listeners.append(s)
            threading.Thread(target=self.accept, args=(s, h), daemon=True).start()

    def close_servers(self):
        for s in self.listeners:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        self.listeners = []

    def accept(self, listener, host):
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=converse, args=(conn, host), daemon=True).start()

    # --- the cases -------------------------------------------------------------
    def run(self):
        self.setup()
        out = {"versions": {"exim": exim_version(), "postfix": self.postfix_version()},
               "cases": {}}
        for case in self.plan["cases"]:
            seen = {}
            for mta in case["mtas"]:
                self.set_dns(case["dns"])
                self.open_servers(case)
                with self.syn_lock:
                    self.syns, self.syn_keys = [], set()
                started = time.monotonic()
                if mta == "exim":
                    outcome, log = self.exim(case)
                else:
                    outcome, log = self.postfix(case)
                time.sleep(0.2)  # the last SYN reaches the capture thread
                self.close_servers()
                with self.syn_lock:
                    contacted = list(self.syns)
                seen[mta] = {"contacted": contacted, "outcome": outcome, "log": log,
                             "seconds": round(time.monotonic() - started, 1)}
                print("%-40s %-7s %5.1fs %-26s %s" % (case["name"], mta, seen[mta]["seconds"],
                                                       outcome, " ".join(contacted)),
                      file=sys.stderr)
            out["cases"][case["name"]] = seen
        return out

    def exim(self, case):
        d = tempfile.mkdtemp(dir=self.work, prefix="exim-")
        os.chmod(d, 0o777)
        me = case.get("self") or "mta.sender.example"
        local = ["127.0.0.1", "::1"] + case.get("self_addresses", [])
        conf = os.path.join(d, "exim.conf")
        with open(conf, "w") as f:
            f.write(EXIM_CONF.format(dir=d, me=me, local=" ; ".join(local),
                                     connect=CONNECT_TIMEOUT, command=COMMAND_TIMEOUT))
        message = "From: <alice@sender.example>\nSubject: conformance\n\nhello\n"
        try:
            subprocess.run(["exim", "-C", conf, "-odi", "-f", "<>", case["recipient"]],
                           input=message.encode(), timeout=90,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            pass
        log = read_lines(os.path.join(d, "mainlog")) + read_lines(os.path.join(d, "paniclog"))
        log = [strip_exim_prefix(line) for line in log if "lost privilege" not in line]
        return exim_outcome(log), log

    def postfix_version(self):
        root = self.plan["postfix_root"]
        env = dict(os.environ, LD_LIBRARY_PATH=root + "/usr/lib/postfix")
        r = subprocess.run([root + "/usr/sbin/postconf", "-c", root + "/etc/postfix", "-d",
                            "-h", "mail_version"], capture_output=True, text=True, env=env)
        return r.stdout.strip()

    def postfix(self, case):
        """One Postfix master serves the cases (starting one costs seconds); it is
        restarted when main.cf or the DNS changes (smtp processes read both only when they
        start), the queue manager never throttles a destination that failed (cohort
        limit), and the last case's queue files are removed."""
        root = self.plan["postfix_root"]
        lib = root + "/usr/lib/postfix"
        env = dict(os.environ, LD_LIBRARY_PATH=lib)
        d = os.path.join(self.work, "postfix")
        changed = self.postfix_config(case, d) or self.postfix_dns != case["dns"]
        self.postfix_dns = case["dns"]
        maillog = os.path.join(d, "maillog")
        if self.postfix_master is not None:
            # The last case's message, if deferred, must not come back: its queue files
            # go (postsuper -d ALL does the same, but takes seconds).
            for sub in ("incoming", "active", "deferred", "defer", "bounce", "trace", "hold"):
                for top, _, files in os.walk(os.path.join(d, "queue", sub)):
                    for f in files:
                        os.remove(os.path.join(top, f))
            if changed:
                self.stop_postfix()
        if self.postfix_master is None:
            if not os.path.isdir(os.path.join(d, "queue", "active")):
                subprocess.run([root + "/usr/sbin/postfix", "-c", d, "check"], env=env,
                               capture_output=True)
            self.postfix_master = subprocess.Popen(
                [lib + "/sbin/master", "-c", d, "-d"], env=env, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True)
        start = os.path.getsize(maillog) if os.path.exists(maillog) else 0
        message = "From: <alice@sender.example>\nSubject: conformance\n\nhello\n"
        # Submitted over SMTP on port 2525: sendmail's postdrop would not find the
        # unpacked shared libraries (it cleans its environment).
        for _ in range(200):
            try:
                with smtplib.SMTP("127.0.0.1", 2525, "mta.sender.example", timeout=10) as smtp:
                    smtp.sendmail("", [case["recipient"]], message)
                break
            except (ConnectionError, socket.timeout, smtplib.SMTPException):
                time.sleep(0.05)  # the master is still starting
        deadline = time.monotonic() + 90
        outcome, log = None, []
        while time.monotonic() < deadline:
            log = read_lines(maillog, start)
            outcome = postfix_outcome(log)
            if outcome:
                break
            time.sleep(0.05)
        keep = ("postfix/smtp:", "postfix/qmgr:", "postfix/bounce:", "postfix/error:")
        lines = [stable_postfix_line(line) for line in log]
        return outcome or "none", [line for line in lines if line.startswith(keep)]

    def stop_postfix(self):
        """The master stops its children; the PID namespace would end them anyway."""
        if self.postfix_master is not None:
            self.postfix_master.terminate()
            self.postfix_master.wait()
            self.postfix_master = None

    def postfix_config(self, case, d):
        """main.cf and master.cf in `d`, with queue/ and data/; whether main.cf changed."""
        root = self.plan["postfix_root"]
        for sub in ("queue", "data"):
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        os.chmod(d, 0o755)
        shutil.chown(os.path.join(d, "data"), "postfix", "postfix")
        me = case.get("self") or "mta.sender.example"
        interfaces = ", ".join(["127.0.0.1"] + case.get("self_addresses", []))
        main = POSTFIX_MAIN.format(dir=d, root=root, lib=root + "/usr/lib/postfix", me=me,
                                   interfaces=interfaces, connect=CONNECT_TIMEOUT,
                                   command=COMMAND_TIMEOUT)
        path = os.path.join(d, "main.cf")
        if read_lines(path) == main.splitlines():
            return False
        with open(path, "w") as f:
            f.write(main)
        with open(os.path.join(d, "master.cf"), "w") as f:
            f.write(POSTFIX_MASTER)
        return True


def converse(conn, host):
    """One SMTP session, as the host's state says (its "smtp" script)."""
    conn.settimeout(20)
    name, accepts, script = host["name"], host["accepts"], host["smtp"]
    stage = script.get("stage")
    f = conn.makefile("rb")

    def say(line):
        conn.sendall(line.encode() + b"\r\n")

    def refusal(to=""):
        return script["reply"].replace("{host}", name).replace("{to}", to)

    try:
        if stage == "greeting" and not script["permanent"]:
            say(refusal())
            return
        if stage == "greeting":
            say(refusal())
            while True:  # RFC 5321 §3.1: wait for QUIT
                line = f.readline()
                if not line or line.upper().startswith(b"QUIT"):
                    say("221 2.0.0 Bye")
                    return
                say("503 5.5.1 No SMTP service here")
        say("220 %s ESMTP" % name)
        to = ""
        while True:
            line = f.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                say("250 %s" % name)
            elif verb == b"MAIL":
                say("250 2.1.0 Ok")
            elif verb == b"RCPT":
                to = line.decode(errors="replace").split(":", 1)[1].strip().strip("<>")
                if not accepts:
                    say(RELAY_DENIED)
                elif stage == "rcpt":
                    say(refusal(to))
                else:
                    say("250 2.1.5 Ok")
            elif verb == b"DATA":
                say("354 End data with <CR><LF>.<CR><LF>")
                while True:
                    data = f.readline()
                    if not data or data.rstrip(b"\r\n") == b".":
                        break
                if stage == "data":
                    say(refusal())
                else:
                    say("250 2.0.0 Ok: queued as 4F7C21A3")
            elif verb == b"QUIT":
                say("221 2.0.0 Bye")
                return
            elif verb in (b"RSET", b"NOOP"):
                say("250 2.0.0 Ok")
            else:
                say("502 5.5.2 Error: command not recognized")
    except OSError:
        pass
    finally:
        conn.close()


def wait_for_dns():
    query = bytes.fromhex("abcd01000001000000000000") + b"\x07example\x00\x00\x01\x00\x01"
    for _ in range(100):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(0.1)
        try:
            s.sendto(query, ("127.0.0.1", 53))
            s.recvfrom(512)
            return
        except OSError:
            time.sleep(0.1)
        finally:
            s.close()
    raise SystemExit("mxdrill serve did not answer on 127.0.0.1:53")


def stable_postfix_line(line):
    """`Dec 01 22:48:41 mta postfix/smtp[196]: 653BD9903DC: to=<..>, delay=0.32, ...`
    -> `postfix/smtp: to=<..>, ...`: no time, pid, queue id or delays (golden files)."""
    words = [w for w in line.split(" ") if w]
    if len(words) < 6:
        return line
    program = words[4].split("[")[0].rstrip(":")
    text = words[5:]
    if text and text[0].endswith(":") and all(c in "0123456789ABCDEF" for c in text[0][:-1]):
        text = text[1:]
    text = [w for w in text if not w.startswith(("delay=", "delays=", "size="))]
    return program + ": " + " ".join(text)


def strip_exim_prefix(line):
    """`2026-12-01 23:40:01 1xYWaZ-00000I-0E => ...` -> `=> ...` (golden files stay stable)."""
    words = line.split(" ")
    if line[:4].isdigit() and len(words) > 2:
        words = words[2:]
        if len(words) > 1 and len(words[0]) == 16 and words[0].count("-") == 2:
            words = words[1:]
    return " ".join(words)


def read_lines(path, start=0):
    try:
        with open(path, errors="replace") as f:
            f.seek(start)
            return [line.rstrip("\n") for line in f]
    except FileNotFoundError:
        return []


def exim_version():
    r = subprocess.run(["exim", "-bV"], capture_output=True, text=True)
    first = r.stdout.splitlines()[0] if r.stdout else ""
    return first.split()[2] if len(first.split()) > 2 else first


def dsn_in(text, cls):
    """The first enhanced status code of class `cls` in `text`, else the class alone."""
    for word in text.replace("(", " ").replace(")", " ").split():
        parts = word.rstrip(",;:").split(".")
        if len(parts) == 3 and parts[0] == cls and all(p.isdigit() for p in parts):
            return ".".join(parts)
    return cls


def exim_outcome(log):
    """delivered ADDRESS / deferred CLASS / bounced CLASS from Exim's main log."""
    for line in log:
        words = line.split()
        if len(words) > 1 and words[0] == "=>":
            for i, w in enumerate(words):
                if w.startswith("[") and "]" in w and words[i - 1].startswith("H="):
                    return "delivered " + w[1:].split("]")[0]
            return "delivered ?"
        if words and words[0] == "**":
            return "bounced " + dsn_in(line, "5")
        if words and words[0] == "==":
            return "deferred " + dsn_in(line, "4")
    if any("frozen" in line for line in log):
        return "deferred frozen"
    return "none"


def postfix_outcome(log):
    """delivered ADDRESS / deferred DSN / bounced DSN from Postfix's maillog."""
    for line in log:
        if " status=" not in line:
            continue
        status = line.split(" status=", 1)[1].split()[0]
        dsn = line.split(" dsn=", 1)[1].split(",")[0] if " dsn=" in line else "?"
        if status == "sent":
            relay = line.split(" relay=", 1)[1].split(",")[0]
            return "delivered " + relay.split("[", 1)[1].split("]")[0]
        return "%s %s" % (status, dsn)
    return None


EXIM_CONF = """\
primary_hostname = {me}
keep_environment =
qualify_domain = sender.example
spool_directory = {dir}/spool
log_file_path = {dir}/%slog
local_interfaces = <; {local}
log_selector = +smtp_connection +outgoing_port
begin routers
dnslookup:
  driver = dnslookup
  transport = remote_smtp
  no_more
begin transports
remote_smtp:
  driver = smtp
  connect_timeout = {connect}s
  command_timeout = {command}s
  data_timeout = {command}s
  final_timeout = {command}s
begin retry
* * F,2h,15m; G,16h,1h,1.5; F,4d,6h
"""

POSTFIX_MAIN = """\
compatibility_level = 3.6
config_directory = {dir}
queue_directory = {dir}/queue
data_directory = {dir}/data
daemon_directory = {root}/usr/lib/postfix/sbin
shlib_directory = {lib}
meta_directory = {root}/etc/postfix
command_directory = {root}/usr/sbin
sendmail_path = {root}/usr/sbin/sendmail
mail_owner = postfix
setgid_group = postdrop
myhostname = {me}
mydomain = sender.example
myorigin = sender.example
mydestination =
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
smtpd_helo_required = no
inet_interfaces = {interfaces}
inet_protocols = all
maillog_file_prefixes = {dir}
maillog_file = {dir}/maillog
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C LD_LIBRARY_PATH={lib}
smtp_connect_timeout = {connect}s
smtp_helo_timeout = {command}s
smtp_mail_timeout = {command}s
smtp_rcpt_timeout = {command}s
smtp_data_init_timeout = {command}s
smtp_data_done_timeout = {command}s
smtp_tls_security_level = none
default_destination_concurrency_failed_cohort_limit = 1000
smtp_connection_cache_on_demand = no
biff = no
"""

POSTFIX_MASTER = """\
127.0.0.1:2525 inet n  -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""

if __name__ == "__main__":
    main()
