//! The strings Patch Manager generates from a package version (observed.md L1), as sequences of
//! parts, and the comparisons the matcher makes against them without assembling them.

use crate::lists::matcher::PackageRef;
use crate::os::PackageFamily;

/// One piece of a generated string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Name,
    Arch,
    Epoch,
    Version,
    Release,
    Lit(&'static str),
}

use Part::{Arch, Epoch, Lit, Name, Release, Version};

/// A generated string, as its parts.
pub(super) type Form = &'static [Part];

/// The strings generated from an RPM package version (observed.md L1), in documented order.
#[rustfmt::skip]
const RPM_FORMS: &[Form] = &[
    &[Name],
    &[Name, Lit("."), Arch],
    &[Name, Lit("-"), Version],
    &[Name, Lit("-"), Version, Lit("-"), Release],
    &[Name, Lit("-"), Version, Lit("-"), Release, Lit("."), Arch],
    &[Version],
    &[Version, Lit("-"), Release],
    &[Epoch, Lit(":"), Version, Lit("-"), Release],
    &[Name, Lit("-"), Epoch, Lit(":"), Version, Lit("-"), Release],
    &[Name, Lit("-"), Epoch, Lit(":"), Version, Lit("-"), Release, Lit("."), Arch],
    &[Epoch, Lit(":"), Name, Lit("-"), Version, Lit("-"), Release, Lit("."), Arch],
    &[Name, Lit("."), Arch, Lit(":"), Epoch, Lit(":"), Version, Lit("-"), Release],
];

/// SUSE also takes the package file name (baseline spec section 5.3).
#[rustfmt::skip]
const SUSE_EXTRA_FORMS: &[Form] = &[
    &[Name, Lit("-"), Version, Lit("-"), Release, Lit("."), Arch, Lit(".rpm")],
];

/// The strings generated from a Debian package version (observed.md L1).
#[rustfmt::skip]
const APT_FORMS: &[Form] = &[
    &[Name],
    &[Version],
    &[Name, Lit("."), Arch],
    &[Name, Lit("-"), Version],
    &[Arch, Lit(":"), Version],
    &[Name, Lit("."), Arch, Lit(":"), Version],
];

/// The generated strings of a family (`None`: read like yum/dnf).
pub(super) fn forms_of(family: Option<PackageFamily>) -> impl Iterator<Item = Form> {
    let (forms, extra): (&[Form], &[Form]) = match family {
        Some(PackageFamily::Apt) => (APT_FORMS, &[]),
        Some(PackageFamily::Zypper) => (RPM_FORMS, SUSE_EXTRA_FORMS),
        _ => (RPM_FORMS, &[]),
    };
    forms.iter().chain(extra).copied()
}

/// The parts the strings of `forms` start with, each once.
pub(super) fn leads_of(forms: &[Form]) -> Vec<Part> {
    let mut leads: Vec<Part> = Vec::new();
    for lead in forms.iter().filter_map(|form| form.first()) {
        if !leads.contains(lead) {
            leads.push(*lead);
        }
    }
    leads
}

/// Longest package (all parts together) lower-cased on the stack; longer ones use the heap.
const STACK: usize = 256;

/// A package version's parts, lower-cased once (ASCII), in one buffer: on the stack, or on the
/// heap for absurdly long fields. An empty epoch reads as `0`.
pub(super) struct Lowered {
    stack: [u8; STACK],
    heap: Vec<u8>,
    /// Start and end offsets of name, arch, epoch, version, release.
    spans: [(usize, usize); 5],
    /// First and last bytes of name, arch, epoch, version, release and the `.rpm` literal.
    firsts: [Option<u8>; 6],
    lasts: [Option<u8>; 6],
}

/// The bit of a part in a part mask (literals share one bit: the only literal that ends a
/// generated string is SUSE's `.rpm`, and none starts one).
pub(super) fn mask(part: Part) -> u8 {
    1 << match part {
        Name => 0,
        Arch => 1,
        Epoch => 2,
        Version => 3,
        Release => 4,
        Lit(_) => 5,
    }
}

impl Lowered {
    pub(super) fn new(package: &PackageRef<'_>) -> Self {
        let epoch = if package.epoch.is_empty() {
            "0"
        } else {
            package.epoch
        };
        let texts = [
            package.name,
            package.arch,
            epoch,
            package.version,
            package.release,
        ];
        let total: usize = texts.iter().map(|t| t.len()).sum();
        let mut lowered = Self {
            stack: [0; STACK],
            heap: Vec::new(),
            spans: [(0, 0); 5],
            firsts: [None, None, None, None, None, Some(b'.')],
            lasts: [None, None, None, None, None, Some(b'm')],
        };
        if total > STACK {
            lowered.heap.resize(total, 0);
        }
        let buffer: &mut [u8] = if total > STACK {
            &mut lowered.heap
        } else {
            &mut lowered.stack
        };
        let mut at = 0;
        for (span, text) in lowered.spans.iter_mut().zip(texts) {
            if let Some(slot) = buffer.get_mut(at..at + text.len()) {
                for (to, from) in slot.iter_mut().zip(text.as_bytes()) {
                    *to = from.to_ascii_lowercase();
                }
            }
            *span = (at, at + text.len());
            at += text.len();
        }
        for (slot, part) in [Name, Arch, Epoch, Version, Release]
            .into_iter()
            .enumerate()
        {
            let text = lowered.get(part);
            let (first, last) = (text.first().copied(), text.last().copied());
            if let (Some(f), Some(l)) = (lowered.firsts.get_mut(slot), lowered.lasts.get_mut(slot))
            {
                (*f, *l) = (first, last);
            }
        }
        lowered
    }

    fn bytes(&self) -> &[u8] {
        if self.heap.is_empty() {
            &self.stack
        } else {
            &self.heap
        }
    }

    /// The lower-cased text of `part`.
    pub(super) fn get(&self, part: Part) -> &[u8] {
        let slot: usize = match part {
            Name => 0,
            Arch => 1,
            Epoch => 2,
            Version => 3,
            Release => 4,
            Lit(text) => return text.as_bytes(),
        };
        let (start, end) = self.spans.get(slot).copied().unwrap_or_default();
        self.bytes().get(start..end).unwrap_or_default()
    }

    /// The parts (as a [`mask`]) a generated string can start with when it must start with
    /// `byte` (`None`: any string). An empty part defers to the next one, so it can.
    pub(super) fn parts_starting(&self, byte: Option<u8>) -> u8 {
        self.parts_where(byte, &self.firsts)
    }

    /// The parts (as a [`mask`]) a generated string can end with when it must end with `byte`.
    pub(super) fn parts_ending(&self, byte: Option<u8>) -> u8 {
        self.parts_where(byte, &self.lasts)
    }

    fn parts_where(&self, byte: Option<u8>, edges: &[Option<u8>; 6]) -> u8 {
        let Some(byte) = byte else { return u8::MAX };
        edges
            .iter()
            .enumerate()
            .filter(|(_, edge)| edge.is_none_or(|b| b == byte))
            .fold(0, |bits, (slot, _)| bits | (1 << slot))
    }

    /// The length of the generated string `form`.
    pub(super) fn len(&self, form: Form) -> usize {
        form.iter().map(|&p| self.get(p).len()).sum()
    }

    /// Whether the generated string `form` equals `text`.
    pub(super) fn equals(&self, form: Form, text: &[u8]) -> bool {
        let mut rest = text;
        for &part in form {
            let piece = self.get(part);
            match rest.split_at_checked(piece.len()) {
                Some((head, tail)) if head == piece => rest = tail,
                _ => return false,
            }
        }
        rest.is_empty()
    }

    /// Whether the generated string `form` starts with `prefix`.
    pub(super) fn starts_with(&self, form: Form, prefix: &[u8]) -> bool {
        let mut rest = prefix;
        for &part in form {
            if rest.is_empty() {
                return true;
            }
            let piece = self.get(part);
            let n = piece.len().min(rest.len());
            if piece.get(..n) != rest.get(..n) {
                return false;
            }
            rest = rest.get(n..).unwrap_or_default();
        }
        rest.is_empty()
    }

    /// Whether the generated string `form` ends with `suffix`.
    pub(super) fn ends_with(&self, form: Form, suffix: &[u8]) -> bool {
        let mut rest = suffix;
        for &part in form.iter().rev() {
            if rest.is_empty() {
                return true;
            }
            let piece = self.get(part);
            let n = piece.len().min(rest.len());
            if piece.get(piece.len() - n..) != rest.get(rest.len() - n..) {
                return false;
            }
            rest = rest.get(..rest.len() - n).unwrap_or_default();
        }
        rest.is_empty()
    }

    /// Calls `check` with the generated string `form`, assembled on the stack (or, for absurdly
    /// long fields, on the heap).
    pub(super) fn with_string<R>(&self, form: Form, check: impl FnOnce(&[u8]) -> R) -> R {
        let len = self.len(form);
        let mut stack = [0u8; STACK];
        let mut heap = Vec::new();
        let buffer: &mut [u8] = if len <= STACK {
            stack.get_mut(..len).unwrap_or_default()
        } else {
            heap.resize(len, 0);
            &mut heap
        };
        let mut at = 0;
        for &part in form {
            let piece = self.get(part);
            if let Some(slot) = buffer.get_mut(at..at + piece.len()) {
                slot.copy_from_slice(piece);
            }
            at += piece.len();
        }
        check(buffer)
    }
}

impl PackageRef<'_> {
    /// Every string Patch Manager generates from this package version on `family`, in order
    /// (observed.md L1), as written (not lower-cased). This allocates: it is for explaining a
    /// match and for tests; [`crate::lists::ListMatcher`] matches without building them.
    ///
    /// ```
    /// use patchcore_baseline::PackageFamily;
    /// use patchcore_baseline::lists::PackageRef;
    ///
    /// let bash = PackageRef { name: "bash", arch: "amd64", epoch: "", version: "5.2-1", release: "" };
    /// let forms = bash.generated_strings(Some(PackageFamily::Apt));
    /// assert_eq!(forms, ["bash", "5.2-1", "bash.amd64", "bash-5.2-1", "amd64:5.2-1", "bash.amd64:5.2-1"]);
    /// ```
    pub fn generated_strings(&self, family: Option<PackageFamily>) -> Vec<String> {
        let epoch = if self.epoch.is_empty() {
            "0"
        } else {
            self.epoch
        };
        let text = |part: Part| match part {
            Name => self.name,
            Arch => self.arch,
            Epoch => epoch,
            Version => self.version,
            Release => self.release,
            Lit(text) => text,
        };
        forms_of(family)
            .map(|form| form.iter().map(|&p| text(p)).collect())
            .collect()
    }
}
