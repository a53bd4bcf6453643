//! macOS: `sw_vers` (the product name, version and build) and simple installed-package
//! listings.
//!
//! The listing format read is the one `brew list --versions` prints and a script can produce
//! from `pkgutil --pkg-info` or `softwareupdate --history`: one package per line, its name, then
//! one or more versions, separated by white space (`name 1.2.3 1.2.4`); `#` comments and blank
//! lines ignored. Each version is one installed package. The product string is `MacOS` +
//! major.minor (`13.4.1` → `MacOS13.4`), products.md's unconfirmed choice.

use patchcore_baseline::OperatingSystem;
use patchcore_rules::facts::{InstalledPackage, Inventory, MacPackageManager, PackageVersion};

use crate::error::{Error, ErrorKind};

/// Largest input accepted by these readers.
pub const MAX_SIZE: usize = 16 << 20;

/// What `sw_vers` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SwVers {
    /// `ProductName` (`macOS`, older `Mac OS X`).
    pub product_name: String,
    /// `ProductVersion` (`13.4.1`).
    pub product_version: String,
    /// `BuildVersion` (`22F82`).
    pub build_version: String,
}

impl SwVers {
    /// The product string, `MacOS` + major.minor (`MacOS13.4`); see the module doc.
    pub fn product(&self) -> String {
        let two: Vec<&str> = self.product_version.splitn(3, '.').take(2).collect();
        if self.product_version.is_empty() {
            String::new()
        } else {
            format!("MacOS{}", two.join("."))
        }
    }

    /// An inventory with this identity and nothing installed yet.
    pub fn into_inventory(self) -> Inventory {
        let mut inventory = Inventory::new(OperatingSystem::MacOs, self.product());
        inventory.platform_name = self.product_name;
        inventory.platform_version = self.product_version;
        inventory
    }
}

fn text<'a>(bytes: &'a [u8], format: &'static str) -> Result<&'a str, Error> {
    crate::error::utf8_text(bytes, format, MAX_SIZE)
}

const SW_VERS: &str = "sw_vers";

/// Reads `sw_vers` output (`ProductName:\tmacOS` lines).
///
/// # Errors
/// Input larger than [`MAX_SIZE`], not UTF-8, or without `ProductVersion`.
pub fn parse_sw_vers(bytes: &[u8]) -> Result<SwVers, Error> {
    let text = text(bytes, SW_VERS)?;
    let mut out = SwVers {
        product_name: String::new(),
        product_version: String::new(),
        build_version: String::new(),
    };
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let slot = match key.trim() {
            "ProductName" => &mut out.product_name,
            "ProductVersion" => &mut out.product_version,
            "BuildVersion" => &mut out.build_version,
            _ => continue,
        };
        value.trim().clone_into(slot);
    }
    if out.product_version.is_empty() {
        return Err(Error::new(
            SW_VERS,
            ErrorKind::MissingField {
                field: "ProductVersion",
                context: crate::error::truncate(text.trim()).into_owned(),
            },
        ));
    }
    Ok(out)
}

const LISTING: &str = "package listing";

/// Reads a simple installed-package listing (see the module doc), every package installed by
/// `manager`.
///
/// # Errors
/// Input larger than [`MAX_SIZE`] or not UTF-8, or a line with a name and no version.
pub fn parse_package_listing(
    bytes: &[u8],
    manager: MacPackageManager,
) -> Result<Vec<InstalledPackage>, Error> {
    let text = text(bytes, LISTING)?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default();
        let mut words = line.split_whitespace();
        let Some(name) = words.next() else {
            continue;
        };
        let mut any = false;
        for version in words {
            let mut package =
                InstalledPackage::new(name, "", PackageVersion::Text(version.to_owned()));
            package.package_manager = Some(manager);
            out.push(package);
            any = true;
        }
        if !any {
            return Err(Error::malformed(
                LISTING,
                n as u64 + 1,
                line,
                "expected `name version…`",
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sw_vers_gives_the_identity_and_product() {
        let v = parse_sw_vers(
            b"ProductName:\t\tmacOS\nProductVersion:\t\t14.2\nBuildVersion:\t\t23C64\n",
        )
        .unwrap();
        assert_eq!(v.build_version, "23C64");
        assert_eq!(v.product(), "MacOS14.2");
        let inv = v.into_inventory();
        assert_eq!(inv.operating_system, OperatingSystem::MacOs);
        assert_eq!(inv.platform_name, "macOS");
        assert!(parse_sw_vers(b"ProductName: macOS\n").is_err());
    }

    #[test]
    fn listings_give_one_package_per_version() {
        let list = parse_package_listing(
            b"# brew list --versions\nwget 1.21.4\nopenssl@3 3.1.4 3.2.0\n\n",
            MacPackageManager::Brew,
        )
        .unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list[2].version.to_string(), "3.2.0");
        assert_eq!(list[0].package_manager, Some(MacPackageManager::Brew));
        let err = parse_package_listing(b"wget\n", MacPackageManager::Brew).unwrap_err();
        assert_eq!(
            err.to_string(),
            "package listing, line 1: malformed line \"wget\": expected `name version…`"
        );
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = parse_sw_vers(&data);
            let _ = parse_package_listing(&data, MacPackageManager::Installer);
        }
    }
}
