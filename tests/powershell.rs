//! Windows PowerShell's `Resolve-DnsName` in the lab console (issue 24 #7): what
//! it prints for answers, records of another shape, no data and failures, in
//! PowerShell 5.1's default views.

use mxdrill::content;
use mxdrill::dns::World;
use mxdrill::dns::tools::Context;
use mxdrill::dns::tools::powershell::{output, query};

fn world() -> World {
    content::load(&content::bundled_sources()).world
}

fn run(world: &World, line: &str) -> String {
    let (name, types) = query(line)
        .expect("a Resolve-DnsName line")
        .expect("parses");
    let cx = Context {
        world,
        now: 0,
        id: 1,
    };
    output(line, &name, &types, &cx)
}

#[test]
fn answers_are_a_table_in_powershells_columns() {
    let mx = run(&world(), "Resolve-DnsName blossomflowers.example -Type MX");
    assert_eq!(
        mx,
        "\nName                                     Type   TTL   Section    NameExchange                              Preference\n\
         ----                                     ----   ---   -------    ------------                              ----------\n\
         blossomflowers.example                   MX     3600  Answer     mail.petalmail.example                    10\n\
         blossomflowers.example                   MX     3600  Answer     backupmail.petalmail.example              20\n\n"
    );
}

#[test]
fn records_of_another_shape_and_no_data_are_lists() {
    let w = world();
    let alias = run(&w, "Resolve-DnsName www.blossomflowers.example");
    assert!(
        alias.contains(
            "www.blossomflowers.example     CNAME  3600  Answer     blossomflowers.example\n"
        ),
        "{alias}"
    );
    assert!(
        alias.contains("\nName       : blossomflowers.example\nQueryType  : A\n"),
        "{alias}"
    );
    let nodata = run(&w, "Resolve-DnsName ns1.blossomflowers.example -Type MX");
    assert!(
        nodata.contains("QueryType              : SOA\n"),
        "{nodata}"
    );
    assert!(
        nodata.contains("Section                : Authority\n"),
        "{nodata}"
    );
}

#[test]
fn a_missing_or_refused_name_is_an_error_record() {
    let w = world();
    let missing = run(&w, "Resolve-DnsName nosuch.blossomflowers.example");
    assert!(
        missing.starts_with(
            "Resolve-DnsName : nosuch.blossomflowers.example : DNS name does not exist\n"
        ),
        "{missing}"
    );
    assert!(
        missing.contains("DNS_ERROR_RCODE_NAME_ERROR,Microsoft.DnsClient.Commands.ResolveDnsName")
    );
    let refused = run(&w, "Resolve-DnsName example.org -Type MX");
    assert!(
        refused.starts_with("Resolve-DnsName : example.org : DNS request refused\n"),
        "{refused}"
    );
    assert!(refused.contains("DNS_ERROR_RCODE_REFUSED"));
}
