//! `patchcore baseline`: validate baseline files, show a baseline as canonical AWS JSON, list
//! the predefined AWS baselines.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use patchcore::baseline::validate::{Code, DocumentKind, Report, ValidateOptions};
use patchcore::baseline::wire::{self, Document, Format};
use patchcore::baseline::{Error, catalog};

use crate::failure::{self, Failure};
use crate::output;

/// `println!` that never panics: a closed reader (`| head`) ends the output quietly.
macro_rules! say {
    ($($arg:tt)*) => {
        output::line(format_args!($($arg)*))
    };
}

const HELP: &str = "\
validate reads AWS JSON (get-patch-baseline output, create/update-patch-baseline input), a
BaselineOverride JSON array, or a CloudFormation template (JSON or YAML), detected from the
content, and prints each problem as `FILE: PATH: error|warning: message [code]`.

Exit status of validate: 0 when no file has errors (warnings allowed), 1 when some file has
errors, 2 when some file cannot be read or parsed at all (or is not a baseline document).
show and list exit 0, or 2 when the baseline is unknown or the file cannot be read.";

/// Validate baseline files, show a baseline as canonical AWS JSON, list predefined baselines.
#[derive(Debug, clap::Args)]
#[command(after_long_help = HELP)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Validate baseline files: every error and warning, with its JSON path.
    Validate {
        /// Files to validate: AWS JSON, a baseline override array, or a stack template (JSON or YAML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Do not report the warning with this code (repeatable), e.g. delay-ignored-on-apt.
        #[arg(long = "suppress", value_name = "CODE", value_parser = parse_code)]
        suppress: Vec<Code>,
    },
    /// Print a predefined baseline (by name) or a baseline file as canonical AWS JSON.
    Show {
        /// A predefined baseline name (AWS-UbuntuDefaultPatchBaseline) or a file.
        target: String,
    },
    /// List the predefined AWS baselines: name, operating system, rules.
    List,
}

fn parse_code(text: &str) -> Result<Code, String> {
    text.parse::<Code>().map_err(|e| e.to_string())
}

/// Runs `patchcore baseline`.
pub(crate) fn run(args: Args) -> ExitCode {
    match args.command {
        Action::Validate { files, suppress } => validate_files(&files, &suppress),
        Action::Show { target } => show(&target),
        Action::List => list(),
    }
}

/// How one file turned out.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Clean,
    Invalid,
    Unreadable,
}

fn validate_files(files: &[PathBuf], suppress: &[Code]) -> ExitCode {
    let worst = files
        .iter()
        .map(|file| validate_file(file, suppress))
        .max()
        .unwrap_or(Outcome::Clean);
    ExitCode::from(match worst {
        Outcome::Clean => 0,
        Outcome::Invalid => 1,
        Outcome::Unreadable => 2,
    })
}

fn read_document(file: &Path) -> Result<Document, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let read =
        |text: &str| -> Result<Document, Error> { wire::read(text, Format::detect(&name, text)?) };
    read(&text).map_err(|e| e.to_string())
}

fn validate_file(file: &Path, suppress: &[Code]) -> Outcome {
    let shown = file.display();
    let options = |kind| {
        suppress
            .iter()
            .fold(ValidateOptions::new(kind), |o, &code| o.suppress(code))
    };
    let reports: Vec<Report> = match read_document(file) {
        Err(message) => {
            say!("{shown}: error: {message}");
            return Outcome::Unreadable;
        }
        Ok(Document::Baseline(baseline)) => {
            vec![baseline.validate_with(&options(DocumentKind::detect(&baseline)))]
        }
        Ok(Document::Override(list)) => list
            .iter()
            .enumerate()
            .map(|(i, b)| {
                b.validate_with(&options(DocumentKind::BaselineOverride).at(format!("$[{i}]")))
            })
            .collect(),
        Ok(Document::CloudFormation(template)) => {
            if template.resources.is_empty() {
                say!("{shown}: error: the template has no AWS::SSM::PatchBaseline resource");
                return Outcome::Unreadable;
            }
            template
                .resources
                .iter()
                .map(|r| r.validate(&options(DocumentKind::CloudFormation)))
                .collect()
        }
        Ok(Document::Listing(identities)) => {
            say!(
                "{shown}: error: not a baseline: a describe-patch-baselines listing of {} baseline identities",
                identities.len()
            );
            return Outcome::Unreadable;
        }
        Ok(_) => {
            say!("{shown}: error: not a baseline document");
            return Outcome::Unreadable;
        }
    };
    let mut outcome = Outcome::Clean;
    let mut any = false;
    for problem in reports.iter().flat_map(Report::problems) {
        say!("{shown}: {problem}");
        any = true;
    }
    if reports.iter().any(Report::has_errors) {
        outcome = Outcome::Invalid;
    }
    if !any {
        say!("{shown}: ok");
    }
    outcome
}

fn show(target: &str) -> ExitCode {
    let path = Path::new(target);
    let text = if path.is_file() {
        match read_document(path) {
            Ok(Document::Baseline(baseline)) => wire::to_canonical_json(&baseline),
            Ok(Document::Override(list)) => wire::to_canonical_override_json(&list),
            Ok(Document::CloudFormation(template)) => wire::to_canonical_template_json(&template),
            Ok(_) => {
                return failure::exit(
                    "baseline show",
                    &Failure::new(format!("{target}: not a baseline document")),
                );
            }
            Err(message) => {
                return failure::exit("baseline show", &Failure::new(message).context(target));
            }
        }
    } else {
        match catalog::by_name(target) {
            Ok(baseline) => wire::to_canonical_json(&baseline),
            Err(error) => {
                return failure::exit(
                    "baseline show",
                    &Failure::new(format!("{error}, and no file of that name")),
                );
            }
        }
    };
    match output::emit(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure::report("baseline show", &failure, 1),
    }
}

fn list() -> ExitCode {
    for baseline in catalog::all() {
        let name = baseline.name.clone().unwrap_or_default();
        let os = baseline.operating_system();
        let default =
            catalog::default_for(&os).is_some_and(|d| d.name.as_deref() == Some(name.as_str()));
        let marker = if default { " (default)" } else { "" };
        say!(
            "{name:<52} {:<24} {}{marker}",
            os.as_str(),
            catalog::summary(&baseline)
        );
    }
    ExitCode::SUCCESS
}
