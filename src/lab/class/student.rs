//! One student's SSH connection (russh's handler): the code and name at auth, one
//! session channel with a pseudo-terminal and a shell, and nothing else: every
//! exec, subsystem, forwarding, X11 and agent request is refused.

use super::limits::{self, Bucket, Resize, Resizes};
use super::{Arrival, CLOSE_GRACE, ConnId, Cut, Hall, Out, Seat, lock};
use russh::server::{Auth, ChannelOpenHandle, Msg, Session};
use russh::{Channel, ChannelId, ChannelWriteHalf, MethodKind, MethodSet, Pty};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::mpsc::UnboundedReceiver;

/// Where a connection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Authenticating, or opening its channel and terminal.
    Arriving,
    /// Joined: keys and sizes go to the hub.
    Seated,
    /// Left (or refused): nothing more goes to the hub.
    Gone,
}

pub(super) struct Student {
    hall: Arc<Hall>,
    conn: ConnId,
    peer: SocketAddr,
    cut: Arc<Cut>,
    /// Set when it joins: the login grace no longer applies.
    joined: Arc<AtomicBool>,
    /// After the right code: the display name, or why the user name cannot be one.
    name: Option<Result<String, String>>,
    /// The one session channel, and its writing half until the student joins.
    channel: Option<ChannelId>,
    write: Option<ChannelWriteHalf<Msg>>,
    pty: Option<(u16, u16)>,
    stage: Stage,
    keys: Bucket,
    resizes: Arc<Mutex<Resizes>>,
    writer: Option<tokio::task::JoinHandle<()>>,
}

impl Student {
    pub(super) fn new(
        hall: Arc<Hall>,
        conn: ConnId,
        peer: SocketAddr,
        cut: Arc<Cut>,
        joined: Arc<AtomicBool>,
    ) -> Self {
        Student {
            hall,
            conn,
            peer,
            cut,
            joined,
            name: None,
            channel: None,
            write: None,
            pty: None,
            stage: Stage::Arriving,
            keys: limits::keys_budget(Instant::now()),
            resizes: Arc::new(Mutex::new(Resizes::default())),
            writer: None,
        }
    }

    fn ours(&self, channel: ChannelId) -> bool {
        self.channel == Some(channel)
    }

    /// Tells the student why, and closes the channel (OpenSSH then disconnects).
    /// The shell request itself succeeds: OpenSSH shows nothing of a refused one
    /// but "shell request failed".
    fn refuse(
        &mut self,
        channel: ChannelId,
        why: &str,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        self.stage = Stage::Gone;
        session.channel_success(channel)?;
        session.data(channel, format!("{why}\r\n").into_bytes())?;
        session.exit_status_request(channel, 1)?;
        session.eof(channel)?;
        session.close(channel)
    }

    /// The student is in: a seat, a writer for its outbox, and `Joined`.
    fn join(&mut self, name: String, size: (u16, u16)) {
        let Some(write) = self.write.take() else {
            return;
        };
        let (outbox, rx) = tokio::sync::mpsc::unbounded_channel();
        let queued = Arc::new(AtomicUsize::new(0));
        let stuck = Arc::new(AtomicU64::new(0));
        self.writer = Some(tokio::spawn(write_out(
            write,
            rx,
            self.hall.clone(),
            queued.clone(),
            stuck.clone(),
            self.cut.clone(),
        )));
        lock(&self.hall.seats).insert(
            self.conn,
            Seat {
                outbox,
                queued,
                stuck,
                cut: self.cut.clone(),
            },
        );
        *lock(&self.resizes) = Resizes::joined(size, Instant::now());
        self.stage = Stage::Seated;
        self.joined.store(true, Ordering::Release);
        self.hall.arrive(Arrival::Joined {
            conn: self.conn,
            name,
            peer: self.peer,
            cols: size.0,
            rows: size.1,
        });
    }

    /// The student is gone: its seat is freed and the hub told, once.
    fn leave(&mut self) {
        if self.stage == Stage::Seated {
            self.hall.unseat(self.conn);
            self.hall.free_seat();
            lock(&self.resizes).close();
            self.hall.arrive(Arrival::Left { conn: self.conn });
        }
        self.stage = Stage::Gone;
        if let Some(writer) = self.writer.take() {
            writer.abort();
        }
    }
}

impl Drop for Student {
    fn drop(&mut self) {
        self.leave();
    }
}

/// Writes a student's outbox into its channel, as fast as its SSH window lets it.
/// `stuck` holds when the write under way started ([`Hall::now`]), 0 when none is.
async fn write_out(
    write: ChannelWriteHalf<Msg>,
    mut outbox: UnboundedReceiver<Out>,
    hall: Arc<Hall>,
    queued: Arc<AtomicUsize>,
    stuck: Arc<AtomicU64>,
    cut: Arc<Cut>,
) {
    while let Some(out) = outbox.recv().await {
        match out {
            Out::Bytes(bytes) => {
                let len = bytes.len();
                stuck.store(hall.now().max(1), Ordering::Release);
                if write.data_bytes(bytes).await.is_err() {
                    break;
                }
                stuck.store(0, Ordering::Release);
                queued.fetch_sub(len, Ordering::AcqRel);
            }
            Out::Close(words) => {
                let goodbye = async {
                    write.data_bytes(words).await?;
                    write.exit_status(0).await?;
                    write.eof().await?;
                    write.close().await
                };
                let _ = tokio::time::timeout(CLOSE_GRACE, goodbye).await;
                // OpenSSH disconnects once the channel is closed; one that does not
                // is cut (this task is stopped first when the session ends).
                tokio::time::sleep(CLOSE_GRACE).await;
                break;
            }
        }
    }
    cut.cut();
}

fn password_only() -> Auth {
    Auth::Reject {
        proceed_with_methods: Some(MethodSet::from(&[MethodKind::Password][..])),
        partial_success: false,
    }
}

impl russh::server::Handler for Student {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(password_only())
    }

    async fn authentication_banner(&mut self) -> Result<Option<String>, Self::Error> {
        let wait = lock(&self.hall.door).locked_for(self.peer.ip(), Instant::now());
        Ok((!wait.is_zero()).then(|| {
            format!(
                "Too many wrong codes from {}: try again in {} s.\r\n",
                self.peer.ip(),
                wait.as_secs() + 1
            )
        }))
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        let now = Instant::now();
        let mut door = lock(&self.hall.door);
        if !door.locked_for(self.peer.ip(), now).is_zero() {
            return Ok(password_only()); // not even checked while locked
        }
        if !limits::same_code(password.as_bytes(), self.hall.code.as_bytes()) {
            door.wrong_code(self.peer.ip(), now);
            return Ok(password_only());
        }
        // A right code with a name that cannot be one: told at the shell, where a
        // message can be shown (a refused login only says "Permission denied").
        self.name = Some((self.hall.name_rule)(user));
        Ok(Auth::Accept)
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        _offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(password_only())
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        _user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        Ok(password_only())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_some() {
            return Ok(()); // one session per student: dropping the reply refuses
        }
        self.channel = Some(channel.id());
        // The reading half is dropped: input comes through `data`, and a half
        // nobody reads would stall the session once its buffer is full.
        let (_read, write) = channel.split();
        self.write = Some(write);
        reply.accept().await;
        Ok(())
    }

    // Forwardings, X11 and agent channels: russh's defaults drop the reply, which
    // refuses them ("administratively prohibited"); global forwarding requests
    // (tcpip_forward, streamlocal_forward) default to failure too.

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.ours(channel) && self.stage == Stage::Arriving {
            self.pty = Some(limits::terminal_size(col_width, row_height));
            session.channel_success(channel)
        } else {
            session.channel_failure(channel)
        }
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if !self.ours(channel) || self.stage != Stage::Arriving {
            return session.channel_failure(channel);
        }
        let Some(size) = self.pty else {
            return self.refuse(
                channel,
                "mxdrill class needs a terminal: connect with ssh -t (not -T).",
                session,
            );
        };
        let name = match self.name.clone() {
            Some(Ok(name)) => name,
            Some(Err(why)) => {
                let why = format!("That name cannot be used: {why}. Connect as another name.");
                return self.refuse(channel, &why, session);
            }
            None => return session.channel_failure(channel),
        };
        if !self.hall.take_seat() {
            let full = format!("The class is full ({} students).", self.hall.max_students);
            return self.refuse(channel, &full, session);
        }
        session.channel_success(channel)?;
        self.join(name, size);
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        session.close(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        session.close(channel)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _variable_name: &str,
        _variable_value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if !self.ours(channel) || self.stage != Stage::Seated {
            return Ok(());
        }
        let wanted = data.len().min(limits::KEYS_PER_ARRIVAL);
        let got = self.keys.take_up_to(wanted, Instant::now());
        if got > 0 {
            self.hall.arrive(Arrival::Keys {
                conn: self.conn,
                bytes: data[..got].to_vec(),
            });
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if !self.ours(channel) {
            return Ok(());
        }
        let size = limits::terminal_size(col_width, row_height);
        match self.stage {
            Stage::Arriving if self.pty.is_some() => self.pty = Some(size),
            Stage::Seated => {
                let now = Instant::now();
                let offered = lock(&self.resizes).offer(size, now);
                match offered {
                    Resize::Now((cols, rows)) => self.hall.arrive(Arrival::Resized {
                        conn: self.conn,
                        cols,
                        rows,
                    }),
                    Resize::At(at) => {
                        let (hall, resizes, conn) =
                            (self.hall.clone(), self.resizes.clone(), self.conn);
                        tokio::spawn(async move {
                            tokio::time::sleep_until(at.into()).await;
                            let due = lock(&resizes).due(Instant::now());
                            if let Some((cols, rows)) = due {
                                hall.arrive(Arrival::Resized { conn, cols, rows });
                            }
                        });
                    }
                    Resize::Held => {}
                }
            }
            _ => {}
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.ours(channel) {
            self.leave();
            session.disconnect(russh::Disconnect::ByApplication, "", "")?;
        }
        Ok(())
    }
}
