//! The service catalogue, as data (`catalogue/services.toml`), compiled into the binary.

use serde::{Deserialize, Serialize};

use crate::error::DecisionError;
use crate::facts::FactKind;
use crate::rules::{self, Rule};

/// The catalogue's two groups of services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 户籍类: changes to the household register.
    Household,
    /// 证明类: certificates issued from the register.
    Certificate,
}

/// What finishing a case produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Output {
    /// A change to the household register, confirmed by a completion notice (办结通知).
    RecordChange,
    /// A certificate (证明).
    Certificate,
}

/// One service of the catalogue: what it is, what it reads, and how it is decided.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Stable code (`house_purchase_settlement`, …): what applications, challenges and cases
    /// name.
    pub code: String,
    /// Which group it belongs to.
    pub category: Category,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// Statutory processing time in working days when an officer has to decide.
    pub days: u32,
    /// What an approved case produces.
    pub output: Output,
    /// Whether the data can approve it without an officer.
    pub auto: bool,
    /// What a remote check may do on its own: an approval without an officer takes effect only
    /// this many hours later, held in the officers' queue where it can be stopped (0: at once).
    /// A remote check cannot tell a resident from a good enough deepfake of them
    /// (docs/threat-model.md); the hold gives the resident and the officers time to notice.
    pub hold_hours: u32,
    /// The registry facts the decision reads about the applicant (and nothing more).
    pub facts: Vec<FactKind>,
    /// What the resident provides and where the data comes from, for the catalogue page.
    pub needs_zh: String,
    /// The same in English.
    pub needs_en: String,
    /// Services about two people ask for the other person's identity number.
    #[serde(default)]
    pub related: Option<Related>,
    /// The problems that stop automatic approval, in catalogue order.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Fields a case keeps beyond those its rules read: what the officer needs to decide or
    /// the document prints (M9: a case keeps nothing else of the registry).
    #[serde(default)]
    pub keep: Vec<String>,
}

impl Service {
    /// The field names a case of this service keeps: every field its rules and relation read
    /// (each identifier after a `.` in a condition), and [`Service::keep`].
    pub fn fields_kept(&self) -> std::collections::BTreeSet<String> {
        let mut out: std::collections::BTreeSet<String> = self.keep.iter().cloned().collect();
        let conditions =
            self.rules.iter().map(|r| r.when.as_str()).chain(self.related.iter().map(|r| r.relation.as_str()));
        for condition in conditions {
            for after_dot in condition.split('.').skip(1) {
                let field: String = after_dot.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !field.is_empty() {
                    out.insert(field);
                }
            }
        }
        out
    }
}

/// The other person of a two-person service: how the page asks for them and what is read about
/// them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    /// The identity-number field's label in Chinese.
    pub label_zh: String,
    /// The identity-number field's label in English.
    pub label_en: String,
    /// The registry facts read about the other person.
    pub facts: Vec<FactKind>,
    /// CEL condition, true when the register shows the applicant and the other person related
    /// (the same household, a birth record, a marriage). Until it holds, nothing about the
    /// other person reaches the applicant: the rules that read `related` are not run and the
    /// case goes to an officer with one finding that says only that (L8: a stranger's number
    /// is not an oracle on their registration).
    pub relation: String,
}

impl Related {
    /// The relation condition as a rule, to compile and evaluate it like the others.
    pub fn relation_rule(&self) -> Rule {
        Rule {
            id: "relation".into(),
            when: self.relation.clone(),
            effect: crate::rules::Effect::Review,
            zh: String::new(),
            en: String::new(),
        }
    }
}

/// The whole service catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    /// Every service, in file order (the `[[service]]` tables).
    #[serde(rename = "service")]
    pub services: Vec<Service>,
}

const BUILTIN: &str = include_str!("../catalogue/services.toml");

impl Catalogue {
    /// Parses catalogue TOML; refuses duplicate codes and rules whose condition does not compile.
    pub fn parse(toml_text: &str) -> Result<Self, DecisionError> {
        let catalogue: Catalogue = toml::from_str(toml_text).map_err(|e| DecisionError::Catalogue(e.to_string()))?;
        let mut codes: Vec<&str> = catalogue.services.iter().map(|s| s.code.as_str()).collect();
        codes.sort_unstable();
        if let Some(w) = codes.windows(2).find(|w| w[0] == w[1]) {
            return Err(DecisionError::Catalogue(format!("duplicate service code {}", w[0])));
        }
        for service in &catalogue.services {
            for rule in &service.rules {
                rules::compile(rule).map_err(|e| DecisionError::Catalogue(format!("{}: {e}", service.code)))?;
            }
            if let Some(related) = &service.related {
                rules::compile(&related.relation_rule())
                    .map_err(|e| DecisionError::Catalogue(format!("{}: {e}", service.code)))?;
            }
        }
        Ok(catalogue)
    }

    /// The catalogue shipped with this build.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN).expect("the built-in catalogue is checked by tests")
    }

    /// The service with this code; [`DecisionError::UnknownService`] if there is none.
    pub fn service(&self, code: &str) -> Result<&Service, DecisionError> {
        self.services
            .iter()
            .find(|s| s.code == code)
            .ok_or_else(|| DecisionError::UnknownService(code.chars().take(64).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_parses_and_covers_both_categories() {
        let c = Catalogue::parse(BUILTIN).unwrap();
        assert!(c.services.len() >= 47);
        assert!(c.services.iter().any(|s| s.category == Category::Household));
        assert!(c.services.iter().any(|s| s.category == Category::Certificate));
        assert_eq!(c.service("house_purchase_settlement").unwrap().name_zh, "购房落户");
        assert_eq!(c.service("nope").unwrap_err().code(), "unknown_service");
    }

    #[test]
    fn duplicate_codes_are_rejected() {
        let one = "[[service]]\ncode = \"a\"\ncategory = \"household\"\nname_zh = \"甲\"\nname_en = \"A\"\ndays = 1\noutput = \"record_change\"\nauto = true\nhold_hours = 0\nfacts = []\nneeds_zh = \"\"\nneeds_en = \"\"\n";
        assert!(Catalogue::parse(one).is_ok());
        assert!(Catalogue::parse(&format!("{one}{one}")).is_err());
        let bad_rule = format!(
            "{one}[[service.rules]]\nid = \"x\"\nwhen = \"person.age >\"\neffect = \"review\"\nzh = \"\"\nen = \"\"\n"
        );
        assert!(Catalogue::parse(&bad_rule).is_err(), "a rule that does not compile is a catalogue error");
    }
}
