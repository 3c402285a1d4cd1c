//! The lab server over UDP: blocking reads on one socket from a thread per core (as
//! BIND does), each thread with a cache of the answers it has encoded.
//!
//! A classroom (or dnsperf) asks the same few questions again and again, and an
//! answer's bytes depend only on the query's bytes after its id and on the world.
//! So an answer is encoded once, kept under the query's bytes without the id, and
//! sent again with the new id written in. Only plain queries are kept: one question,
//! nothing else but at most an EDNS record without options (a cookie's answer
//! depends on the id). A new world ([`Served::replace`]) empties every cache before
//! its next answer.

use super::{LogSender, QueryLog, Served, answer};
use crate::dns::message::UDP_PAYLOAD;
use std::collections::HashMap;
use std::net::UdpSocket;
use std::sync::Arc;

/// How many answers a thread keeps; when full it starts again (a flood of distinct
/// names costs a little memory and no more).
const CACHED_ANSWERS: usize = 4096;
/// The length of an EDNS OPT record without options: root name, type, class, TTL,
/// and a zero data length.
const BARE_OPT: usize = 11;

/// An answer as sent, with what the log shows for it.
#[derive(Debug, Default)]
struct Answer {
    /// The reply (its first two bytes, the id, are rewritten for each query), or
    /// `None` when the query is dropped.
    reply: Option<Vec<u8>>,
    question: Arc<str>,
    rcode: Arc<str>,
}

/// The answers one thread has encoded, for the world of one edition.
#[derive(Debug, Default)]
struct Cache {
    edition: u64,
    answers: HashMap<Box<[u8]>, Answer>,
    /// The last answer that could not be kept.
    uncached: Answer,
}

/// The part of `packet` an answer depends on (all but the id), if the answer
/// depends on nothing else: a query with one question, no answer or authority
/// records, and no additional record but a bare EDNS OPT at its very end.
fn cache_key(packet: &[u8]) -> Option<&[u8]> {
    let header = packet.get(..12)?;
    let count = |i: usize| u16::from_be_bytes([header[i], header[i + 1]]);
    if header[2] & 0x80 != 0 || count(4) != 1 || count(6) != 0 || count(8) != 0 {
        return None;
    }
    // The question's name: plain labels (no compression) up to the root.
    let mut at = 12;
    loop {
        let len = usize::from(*packet.get(at)?);
        if len == 0 {
            break;
        }
        if len > 63 {
            return None;
        }
        at += 1 + len;
    }
    let question_end = at + 1 + 4;
    let plain = match count(10) {
        0 => packet.len() == question_end,
        1 => {
            packet.len() == question_end + BARE_OPT
                && packet[question_end..question_end + 3] == [0, 0, 41]
                && packet[packet.len() - 2..] == [0, 0]
        }
        _ => false,
    };
    plain.then(|| &packet[2..])
}

impl Cache {
    /// The answer to `packet`, from the cache or encoded now (and kept if it may
    /// be), written into `reply` with the query's id; what the log shows comes back
    /// with whether there is a reply at all.
    fn answer(&mut self, world: &Served, packet: &[u8], reply: &mut Vec<u8>) -> Logged {
        let edition = world.edition();
        if edition != self.edition {
            self.answers.clear();
            self.edition = edition;
        }
        let key = cache_key(packet);
        let found = match key.and_then(|k| self.answers.get(k)) {
            Some(hit) => hit,
            None => {
                let (bytes, question, rcode) = answer(&world.read(), packet, Some(512));
                let fresh = Answer {
                    reply: bytes,
                    question: question.into(),
                    rcode: rcode.into(),
                };
                match key {
                    Some(key) => {
                        if self.answers.len() >= CACHED_ANSWERS {
                            self.answers.clear();
                        }
                        self.answers.entry(key.into()).or_insert(fresh)
                    }
                    None => {
                        self.uncached = fresh;
                        &self.uncached
                    }
                }
            }
        };
        reply.clear();
        if let Some(bytes) = &found.reply {
            reply.extend_from_slice(bytes);
            if let (Some(id), Some(to)) = (packet.get(..2), reply.get_mut(..2)) {
                to.copy_from_slice(id);
            }
        }
        Logged {
            replied: found.reply.is_some(),
            question: found.question.clone(),
            rcode: found.rcode.clone(),
        }
    }
}

/// What the log shows for a query, and whether it was answered.
struct Logged {
    replied: bool,
    question: Arc<str>,
    rcode: Arc<str>,
}

/// Answers the UDP queries on `socket` in this thread, for as long as the process
/// lives. Blocking reads on one socket from several threads (one per core, as BIND
/// does) serve more queries than an event loop: each costs two system calls.
pub(super) fn serve(socket: &UdpSocket, world: &Served, log: &LogSender) {
    let mut buf = vec![0u8; 65_535];
    let mut reply = Vec::with_capacity(usize::from(UDP_PAYLOAD));
    let mut cache = Cache::default();
    loop {
        let Ok((n, client)) = socket.recv_from(&mut buf) else {
            continue; // e.g. an ICMP error for an earlier reply: the socket is fine
        };
        let logged = cache.answer(world, &buf[..n], &mut reply);
        if logged.replied {
            let _ = socket.send_to(&reply, client);
        }
        log.send(QueryLog {
            client,
            question: logged.question,
            rcode: logged.rcode,
            tcp: false,
        });
    }
}
