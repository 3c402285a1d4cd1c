//! A delivery picture as a standalone SVG 1.1 document for slides and handouts
//! (`mxdrill simulate ... --svg FILE`): the sending MTA, the DNS resolver, the MX
//! hosts by preference group with their addresses and states, the connections the
//! last attempt made (✗ on failed ones, the reply code on the one that answered),
//! the delivery or the bounce back to the sender, and the outcome. Text stays text.

use super::picture::{Dns, Group, HostBox, Marker, Picture, wire_label};
use crate::delivery::Wire;
use crate::export::xml_escape;
use std::fmt::Write;

const WIDTH: u32 = 960;
const LEFT: u32 = 260;
const BOX_GAP: u32 = 20;
const LINE: u32 = 18;

fn text(out: &mut String, x: u32, y: u32, class: &str, content: &str) {
    let _ = writeln!(
        out,
        r#"<text x="{x}" y="{y}" class="{class}">{}</text>"#,
        xml_escape(content)
    );
}

fn rect(out: &mut String, x: u32, y: u32, w: u32, h: u32, class: &str) {
    let _ = writeln!(
        out,
        r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" class="{class}"/>"#
    );
}

fn line(out: &mut String, from: (u32, u32), to: (u32, u32), class: &str) {
    let _ = writeln!(
        out,
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="{class}" marker-end="url(#arrow)"/>"#,
        from.0, from.1, to.0, to.1
    );
}

/// Roughly how wide `text` is in the bold 14px face (for box sizes; viewers differ).
fn text_width(text: &str) -> u32 {
    text.chars().count() as u32 * 9
}

fn path(out: &mut String, points: &[(u32, u32)], class: &str) {
    let list: Vec<String> = points.iter().map(|(x, y)| format!("{x},{y}")).collect();
    let _ = writeln!(
        out,
        r#"<polyline points="{}" class="{class}" marker-end="url(#arrow)"/>"#,
        list.join(" ")
    );
}

/// Where the sender's resolver box stands.
const DNS_X: u32 = LEFT + 120;

/// The document being drawn: its elements, how wide it has grown, where the next
/// row goes, and the connections drawn so far (each takes its own trunk).
struct Canvas {
    body: String,
    width: u32,
    y: u32,
    paths: u32,
    /// The bottom middle of the last host a connection reached: a bounce starts there.
    last_end: Option<(u32, u32)>,
}

/// The picture as an SVG document titled `title`.
pub fn svg(picture: &Picture, title: &str) -> String {
    let mut c = Canvas {
        body: String::new(),
        width: WIDTH.max(text_width(title) + 40),
        y: 150,
        paths: 0,
        last_end: None,
    };
    text(&mut c.body, 20, 28, "title", title);
    sender_and_resolver(&mut c.body, picture.dns);
    if picture.null_mx {
        text(
            &mut c.body,
            LEFT,
            c.y + 20,
            "name bad",
            "null MX (0 .): no host accepts mail for this domain (R2.1)",
        );
        c.y += 50;
    }
    for group in &picture.groups {
        preference_group(&mut c, picture, group);
    }
    if picture.marker == Marker::Bounced {
        bounce(&mut c);
    }
    if let Some(outcome) = &picture.outcome {
        text(&mut c.body, 20, c.y + 10, "outcome", outcome);
        // 20px bold: about 12 pixels a character.
        c.width = c.width.max(outcome.chars().count() as u32 * 12 + 40);
        c.y += 30;
    }
    document(&c, title)
}

/// The sending MTA and its resolver, with the lookups when there were any.
fn sender_and_resolver(body: &mut String, dns: Dns) {
    rect(body, 20, 50, 200, 56, "node");
    text(body, 32, 74, "name", "sending MTA");
    text(body, 32, 94, "small", "mta.sender.example");
    rect(body, DNS_X, 50, 200, 56, "node");
    text(body, DNS_X + 12, 74, "name", "DNS resolver");
    if dns != Dns::Idle {
        line(body, (220, 70), (DNS_X, 70), "dns");
        line(body, (DNS_X, 90), (220, 90), "dns");
        text(body, 240, 64, "small", "MX? A? AAAA?");
        text(body, 256, 104, "small", "answers");
    }
}

/// One preference group: its label, then its hosts side by side in boxes of one size.
fn preference_group(c: &mut Canvas, picture: &Picture, group: &Group) {
    let label = match (group.preference, group.shares_load()) {
        (Some(p), true) => format!("preference {p} · load-sharing group (random order, R1.7)"),
        (Some(p), false) => format!("preference {p}"),
        (None, _) => "implicit MX: the domain's own address (R1.4)".to_string(),
    };
    text(&mut c.body, LEFT, c.y, "small", &label);
    let w = group
        .hosts
        .iter()
        .map(|&h| {
            let host = &picture.hosts[h];
            let links = host.links.iter().map(|l| text_width(&l.address) + 90);
            links.fold(text_width(&host.name) + 24, u32::max)
        })
        .fold(200, u32::max);
    let rows = group
        .hosts
        .iter()
        .map(|&h| picture.hosts[h].links.len() as u32)
        .max()
        .unwrap_or(0);
    let h = 2 * LINE + 16 + rows * LINE;
    let top = c.y + 14;
    for (k, &i) in group.hosts.iter().enumerate() {
        let x = LEFT + k as u32 * (w + BOX_GAP);
        c.width = c.width.max(x + w + 20);
        let delivered = matches!(picture.marker, Marker::Host(d) if d == i);
        host_box(c, &picture.hosts[i], delivered, (x, top), (w, h));
    }
    c.y += h + 44;
}

/// One host: name, state, an address per row with what its connection got, and the
/// path from the sender when the attempt reached it.
fn host_box(
    c: &mut Canvas,
    host: &HostBox,
    delivered: bool,
    (x, top): (u32, u32),
    (w, h): (u32, u32),
) {
    let class = if delivered { "host delivered" } else { "host" };
    rect(&mut c.body, x, top, w, h, class);
    text(&mut c.body, x + 10, top + LINE, "name", &host.name);
    text(
        &mut c.body,
        x + 10,
        top + 2 * LINE + 2,
        "state",
        &host.state_text(),
    );
    for (r, link) in host.links.iter().enumerate() {
        let ly = top + 3 * LINE + 4 + r as u32 * LINE;
        let mark = link.wire.as_ref().map(wire_label).unwrap_or_default();
        let class = match &link.wire {
            Some(Wire::Reply(code)) if code.starts_with('2') => "small ok",
            Some(_) => "small bad",
            None => "small",
        };
        text(
            &mut c.body,
            x + 10,
            ly,
            class,
            &format!("{}  {mark}", link.address),
        );
    }
    if host.links.iter().any(|l| l.wire.is_some()) {
        let class = match host.links.iter().rev().find_map(|l| l.wire.as_ref()) {
            Some(Wire::Reply(code)) if code.starts_with('2') => "path ok",
            _ => "path bad",
        };
        // Down a trunk from the sender, along above the row, into the box.
        let (trunk, lane) = (110 + c.paths * 8, top - 5);
        let cx = x + 30 + c.paths * 8;
        path(
            &mut c.body,
            &[(trunk, 106), (trunk, lane), (cx, lane), (cx, top)],
            class,
        );
        c.last_end = Some((x + w / 2, top + h));
        c.paths += 1;
    }
}

/// A bounce goes back to the sender from where the message last was.
fn bounce(c: &mut Canvas) {
    let from = c.last_end.unwrap_or((DNS_X + 100, 106));
    let under = from.1 + 10;
    path(
        &mut c.body,
        &[from, (from.0, under), (40, under), (40, 106)],
        "bounce",
    );
    text(
        &mut c.body,
        48,
        under - 6,
        "small bad",
        "↩ bounced to the sender",
    );
    c.y = c.y.max(under + 30);
}

/// The SVG document around what was drawn.
fn document(c: &Canvas, title: &str) -> String {
    let (width, height) = (c.width, c.y + 10);
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}">"#
    );
    let _ = writeln!(out, "<title>{}</title>", xml_escape(title));
    out.push_str(STYLE);
    out.push_str(&c.body);
    out.push_str("</svg>\n");
    out
}

const STYLE: &str = r##"<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto">
<path d="M0,0 L10,5 L0,10 z" fill="#444"/>
</marker>
<style type="text/css"><![CDATA[
text { font-family: DejaVu Sans, Arial, sans-serif; font-size: 14px; fill: #222; }
.title { font-size: 18px; font-weight: bold; }
.name { font-weight: bold; }
.small { font-size: 12px; }
.state { font-size: 13px; }
.ok { fill: #176b2c; }
.bad { fill: #a31515; }
.outcome { font-size: 20px; font-weight: bold; }
.node { fill: #eef3fb; stroke: #345; stroke-width: 1.5; }
.host { fill: #f7f7f7; stroke: #555; stroke-width: 1.5; }
.delivered { fill: #e3f4e6; stroke: #176b2c; stroke-width: 3; }
.dns { stroke: #345; stroke-width: 1.5; }
.path { stroke-width: 2; fill: none; }
.bounce { fill: none; }
.path.ok { stroke: #176b2c; }
.path.bad { stroke: #a31515; stroke-dasharray: 6 4; }
.bounce { stroke: #a31515; stroke-width: 2.5; stroke-dasharray: 2 3; }
]]></style>
</defs>
"##;
