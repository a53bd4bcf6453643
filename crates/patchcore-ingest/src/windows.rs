//! Windows: the installed updates (`Get-HotFix` as a list, a table or CSV; `systeminfo`; plain
//! KB lists) and the node's OS name and build (`systeminfo`).
//!
//! Decisions: `Get-HotFix` rows whose `HotFixID` is not a KB id (old systems list `File 1`)
//! are skipped, not errors; `InstalledOn` is kept as the text Windows printed, because its date
//! format follows the machine's locale. `systeminfo` prints the build without its update
//! revision (`10.0.20348 N/A Build 20348`): the inventory's OS build is recorded as
//! `20348.0`, a lower bound of the real `20348.x`. The product comes from the `OS Name`
//! caption as products.md section 2 describes (`Microsoft Windows Server 2022 Datacenter` →
//! `WindowsServer2022`).

use patchcore_baseline::OperatingSystem;
use patchcore_rules::facts::Inventory;
use patchcore_version::windows::{KbId, OsBuild};

use crate::error::{Error, ErrorKind, Position};

/// Largest input accepted by these readers (real outputs are a few KiB).
pub const MAX_SIZE: usize = 16 << 20;

fn text<'a>(bytes: &'a [u8], format: &'static str) -> Result<&'a str, Error> {
    crate::error::utf8_text(bytes, format, MAX_SIZE)
}

/// A KB id written with its `KB` prefix (`KB5012117`); bare numbers are not KB ids here.
fn prefixed_kb(token: &str) -> Option<KbId> {
    let digits = token
        .strip_prefix("KB")
        .or_else(|| token.strip_prefix("kb"))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// One installed update as `Get-HotFix` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HotFix {
    /// The KB.
    pub kb: KbId,
    /// `Description` (`Update`, `Security Update`), when printed.
    pub description: Option<String>,
    /// `InstalledOn` as printed (locale-dependent date), when printed.
    pub installed_on: Option<String>,
}

const HOTFIX: &str = "get-hotfix";

/// Reads `Get-HotFix` output in any of its shapes: the list format (`HotFixID : KB5020872`
/// records), the default table, or CSV (`Export-Csv`/`ConvertTo-Csv`, with or without the
/// `#TYPE` line).
///
/// # Errors
/// Input larger than [`MAX_SIZE`] or not UTF-8, or a CSV/table without a `HotFixID` column.
pub fn parse_get_hotfix(bytes: &[u8]) -> Result<Vec<HotFix>, Error> {
    let text = text(bytes, HOTFIX)?;
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("#TYPE"))
        .unwrap_or_default();
    if first.starts_with('"') || (first.contains(',') && first.contains("HotFixID")) {
        hotfix_csv(text)
    } else if first.contains("HotFixID") && !first.contains(':') {
        hotfix_table(text)
    } else {
        Ok(hotfix_list(text))
    }
}

fn hotfix_list(text: &str) -> Vec<HotFix> {
    let mut out = Vec::new();
    let (mut kb, mut description, mut installed_on) = (None, None, None);
    let mut flush = |kb: &mut Option<KbId>, d: &mut Option<String>, i: &mut Option<String>| {
        if let Some(kb) = kb.take() {
            out.push(HotFix {
                kb,
                description: d.take(),
                installed_on: i.take(),
            });
        }
        *d = None;
        *i = None;
    };
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            if line.trim().is_empty() {
                flush(&mut kb, &mut description, &mut installed_on);
            }
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "HotFixID" => {
                if kb.is_some() {
                    flush(&mut kb, &mut description, &mut installed_on);
                }
                kb = prefixed_kb(value);
            }
            "Description" if !value.is_empty() => description = Some(value.to_owned()),
            "InstalledOn" if !value.is_empty() => installed_on = Some(value.to_owned()),
            _ => {}
        }
    }
    flush(&mut kb, &mut description, &mut installed_on);
    out
}

fn missing_column(text: &str) -> Error {
    Error::new(
        HOTFIX,
        ErrorKind::MissingField {
            field: "HotFixID",
            context: crate::error::truncate(text.lines().next().unwrap_or_default()).into_owned(),
        },
    )
}

fn hotfix_table(text: &str) -> Result<Vec<HotFix>, Error> {
    let mut lines = text.lines().skip_while(|l| !l.contains("HotFixID"));
    let header = lines.next().unwrap_or_default();
    // Column starts: each header word begins a column.
    let mut starts: Vec<(usize, &str)> = Vec::new();
    let mut previous = b' ';
    for (i, b) in header.bytes().enumerate() {
        if b != b' ' && previous == b' ' {
            let word = header
                .get(i..)
                .unwrap_or_default()
                .split(' ')
                .next()
                .unwrap_or_default();
            starts.push((i, word));
        }
        previous = b;
    }
    let column = |name: &str| starts.iter().position(|(_, w)| *w == name);
    let id_col = column("HotFixID").ok_or_else(|| missing_column(text))?;
    let cell = |row: &str, index: usize| -> Option<String> {
        let (start, _) = *starts.get(index)?;
        let end = starts.get(index + 1).map_or(row.len(), |(s, _)| *s);
        let cell = row.get(start.min(row.len())..end.min(row.len()))?.trim();
        (!cell.is_empty()).then(|| cell.to_owned())
    };
    Ok(lines
        .filter(|row| !row.trim().is_empty() && !row.trim_start().starts_with('-'))
        .filter_map(|row| {
            // A row whose columns do not line up still names its KB.
            let kb = cell(row, id_col)
                .and_then(|c| prefixed_kb(&c))
                .or_else(|| row.split_whitespace().find_map(prefixed_kb))?;
            Some(HotFix {
                kb,
                description: column("Description").and_then(|c| cell(row, c)),
                installed_on: column("InstalledOn").and_then(|c| cell(row, c)),
            })
        })
        .collect())
}

/// The fields of one CSV line (RFC 4180 quoting; no line breaks inside fields).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

fn hotfix_csv(text: &str) -> Result<Vec<HotFix>, Error> {
    let mut lines = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("#TYPE"));
    let header = csv_fields(lines.next().unwrap_or_default());
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let id_col = column("HotFixID").ok_or_else(|| missing_column(text))?;
    let (description, installed_on) = (column("Description"), column("InstalledOn"));
    Ok(lines
        .filter_map(|line| {
            let fields = csv_fields(line);
            let get = |c: Option<usize>| {
                c.and_then(|c| fields.get(c))
                    .map(|f| f.trim().to_owned())
                    .filter(|f| !f.is_empty())
            };
            Some(HotFix {
                kb: prefixed_kb(fields.get(id_col)?.trim())?,
                description: get(description),
                installed_on: get(installed_on),
            })
        })
        .collect())
}

const KB_LIST: &str = "kb list";

/// Reads a plain list of KB ids: `KB5012170` or bare numbers `5012170`, separated by line
/// breaks, spaces, commas or semicolons; blank lines and `#` comments ignored.
///
/// # Errors
/// Input larger than [`MAX_SIZE`] or not UTF-8, or a token that is not a KB id (with its line).
pub fn parse_kb_list(bytes: &[u8]) -> Result<Vec<KbId>, Error> {
    let text = text(bytes, KB_LIST)?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default();
        for token in line
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|t| !t.is_empty())
        {
            let kb = token.parse::<KbId>().map_err(|e| {
                Error::invalid(KB_LIST, "kb id", token, e).at(Position::Line(n as u64 + 1))
            })?;
            out.push(kb);
        }
    }
    Ok(out)
}

/// What `systeminfo` says about the node.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SystemInfo {
    /// `OS Name` (`Microsoft Windows Server 2022 Standard`), the WMI caption.
    pub os_name: String,
    /// `OS Version` up to its first space (`10.0.20348`).
    pub os_version: String,
    /// The build number (`20348`).
    pub build: Option<u32>,
    /// The product string (`WindowsServer2022`); empty when the caption is not recognised.
    pub product: String,
    /// The KBs of the `Hotfix(s)` section.
    pub hotfixes: Vec<KbId>,
}

impl SystemInfo {
    /// An inventory with this identity, the installed KBs, and the OS build `build.0` (see the
    /// module doc).
    pub fn into_inventory(self) -> Inventory {
        let mut inventory = Inventory::new(OperatingSystem::Windows, self.product);
        inventory.platform_name = self.os_name;
        inventory.platform_version = self.os_version;
        inventory.os_build = self
            .build
            .and_then(|b| format!("{b}.0").parse::<OsBuild>().ok());
        inventory.extend_kbs(self.hotfixes);
        inventory
    }
}

const SYSTEMINFO: &str = "systeminfo";

/// Reads `systeminfo` output (the default list format, English labels). KB lines
/// (`[01]: KB5004330`) are recognised under any label, so localized output still gives its KBs.
///
/// # Errors
/// Input larger than [`MAX_SIZE`] or not UTF-8, or no `OS Name` and no KB line at all (not
/// `systeminfo` output).
pub fn parse_systeminfo(bytes: &[u8]) -> Result<SystemInfo, Error> {
    let text = text(bytes, SYSTEMINFO)?;
    let (mut os_name, mut os_version) = (String::new(), String::new());
    let mut hotfixes = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix('[') {
            if let Some((_, value)) = rest.split_once("]:") {
                if let Some(kb) = prefixed_kb(value.trim()) {
                    hotfixes.push(kb);
                }
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        match key.trim() {
            "OS Name" => value.trim().clone_into(&mut os_name),
            "OS Version" => value
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .clone_into(&mut os_version),
            _ => {}
        }
    }
    if os_name.is_empty() && hotfixes.is_empty() {
        return Err(Error::new(
            SYSTEMINFO,
            ErrorKind::WrongKind {
                expected: "systeminfo output",
                reason: format!(
                    "no `OS Name` line and no `[01]: KB…` line in {:?}",
                    crate::error::truncate(text.trim_start())
                ),
            },
        ));
    }
    let build = os_version
        .rsplit('.')
        .next()
        .and_then(|b| b.parse().ok())
        .filter(|_| os_version.contains('.'));
    Ok(SystemInfo {
        product: windows_product(&os_name),
        os_name,
        os_version,
        build,
        hotfixes,
    })
}

/// The Patch Manager product of a Windows caption (products.md section 2): `Windows`, plus
/// `Server` for servers, the version or year, `R2`; edition words dropped. Windows 10
/// LTSB/LTSC editions are `Windows10LTSB` (unconfirmed mapping). Empty when not recognised.
pub fn windows_product(caption: &str) -> String {
    let words: Vec<&str> = caption.split_whitespace().collect();
    let Some(at) = words.iter().position(|w| w.eq_ignore_ascii_case("Windows")) else {
        return String::new();
    };
    let rest = words.get(at + 1..).unwrap_or_default();
    let has = |word: &str| rest.iter().any(|w| w.eq_ignore_ascii_case(word));
    match rest {
        [server, year, ..]
            if server.eq_ignore_ascii_case("Server")
                && year.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("WindowsServer{year}{}", if has("R2") { "R2" } else { "" })
        }
        [version, ..]
            if version.bytes().all(|b| b.is_ascii_digit() || b == b'.') && !version.is_empty() =>
        {
            let lts = *version == "10" && (has("LTSB") || has("LTSC"));
            let embedded = has("Embedded");
            format!(
                "Windows{version}{}",
                if lts {
                    "LTSB"
                } else if embedded {
                    "Embedded"
                } else {
                    ""
                }
            )
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb(s: &str) -> KbId {
        s.parse().unwrap()
    }

    #[test]
    fn get_hotfix_table_is_read_by_columns() {
        let table = "\r\nSource        Description      HotFixID      InstalledBy          InstalledOn\r\n------        -----------      --------      -----------          -----------\r\nWIN-1         Update           KB5020872     NT AUTHORITY\\SYSTEM  12/14/2022 12:00:00 AM\r\nWIN-1         Security Update  KB5021233     NT AUTHORITY\\SYSTEM  12/14/2022\r\nWIN-1         Update           File 1\r\n";
        let fixes = parse_get_hotfix(table.as_bytes()).unwrap();
        assert_eq!(fixes.len(), 2);
        assert_eq!(fixes[0].kb, kb("KB5020872"));
        assert_eq!(fixes[1].description.as_deref(), Some("Security Update"));
        assert_eq!(
            fixes[0].installed_on.as_deref(),
            Some("12/14/2022 12:00:00 AM")
        );
    }

    #[test]
    fn get_hotfix_csv_is_read_by_header() {
        let csv = "#TYPE System.Management.ManagementObject#root\\cimv2\\Win32_QuickFixEngineering\n\"PSComputerName\",\"Description\",\"HotFixID\",\"InstalledOn\"\n\"WIN-1\",\"Update, \"\"quoted\"\"\",\"KB5020872\",\"12/14/2022 12:00:00 AM\"\n\"WIN-1\",\"Update\",\"\",\"\"\n";
        let fixes = parse_get_hotfix(csv.as_bytes()).unwrap();
        assert_eq!(fixes.len(), 1);
        assert_eq!(fixes[0].description.as_deref(), Some("Update, \"quoted\""));
        assert!(parse_get_hotfix(b"\"A\",\"B\"\n\"1\",\"2\"\n").is_err());
    }

    #[test]
    fn get_hotfix_list_records_are_read() {
        let list = "\nSource      : WIN-1\nDescription : Update\nHotFixID    : KB5020872\nInstalledOn : 12/14/2022 12:00:00 AM\n\nHotFixID : KB4562830\n";
        let fixes = parse_get_hotfix(list.as_bytes()).unwrap();
        assert_eq!(
            fixes.iter().map(|f| f.kb).collect::<Vec<_>>(),
            [kb("KB5020872"), kb("KB4562830")]
        );
        assert_eq!(fixes[0].description.as_deref(), Some("Update"));
        assert_eq!(fixes[1].description, None);
    }

    #[test]
    fn plain_kb_lists_accept_prefixed_and_bare_numbers() {
        let kbs = parse_kb_list(b"KB5012170\n5021233, kb5021088 # comment\n\n").unwrap();
        assert_eq!(kbs, [kb("5012170"), kb("5021233"), kb("5021088")]);
        let err = parse_kb_list(b"KB1\nKBX\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("kb list, line 2: invalid kb id \"KBX\""),
            "{err}"
        );
    }

    #[test]
    fn products_follow_the_caption_rules_of_products_md() {
        for (caption, product) in [
            (
                "Microsoft Windows Server 2022 Datacenter",
                "WindowsServer2022",
            ),
            (
                "Microsoft Windows Server 2012 R2 Standard",
                "WindowsServer2012R2",
            ),
            (
                "Microsoft Windows Server 2008 R2 Datacenter",
                "WindowsServer2008R2",
            ),
            ("Microsoft Windows 10 Enterprise LTSC 2019", "Windows10LTSB"),
            ("Microsoft Windows 10 Pro", "Windows10"),
            ("Microsoft Windows 11 Pro", "Windows11"),
            ("Microsoft Windows 8.1 Pro", "Windows8.1"),
            ("Something else", ""),
        ] {
            assert_eq!(windows_product(caption), product, "{caption}");
        }
    }

    #[test]
    fn systeminfo_gives_caption_build_and_kbs() {
        let text = "\nHost Name:                 WIN\nOS Name:                   Microsoft Windows Server 2022 Standard\nOS Version:                10.0.20348 N/A Build 20348\nHotfix(s):                 2 Hotfix(s) Installed.\n\t\t\t\t\t\t   [01]: KB5004330\n\t\t\t\t\t\t   [02]: KB5005039\nNetwork Card(s):           1 NIC(s) Installed.\n\t\t\t\t\t\t   [01]: Microsoft Hyper-V Network Adapter\n";
        let info = parse_systeminfo(text.as_bytes()).unwrap();
        assert_eq!(info.product, "WindowsServer2022");
        assert_eq!(info.build, Some(20348));
        assert_eq!(info.hotfixes, [kb("KB5004330"), kb("KB5005039")]);
        let inv = info.into_inventory();
        assert_eq!(inv.os_build, Some("20348.0".parse().unwrap()));
        assert!(inv.has_kb(&kb("5005039")));
        assert!(parse_systeminfo(b"hello\n").is_err());
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = parse_get_hotfix(&data);
            let _ = parse_kb_list(&data);
            let _ = parse_systeminfo(&data);
        }

        #[test]
        fn arbitrary_hotfix_like_text_never_panics(text in "(HotFixID|\"HotFixID\",|Source  |KB[0-9]{1,3}|  |,|\"|:|\n|-){0,40}") {
            let _ = parse_get_hotfix(text.as_bytes());
        }
    }
}
