//! The JSON Schemas in `schema/`: `plan --json` of every example validates
//! against `plan.schema.json`, and `config.schema.json` names exactly the
//! keys the configuration accepts, each with an example the configuration
//! reader takes.

use crate::support::{containerize, example_dir, root};
use serde_json::Value;

fn schema(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("schema").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn plan_validates(name: &str) {
    let validator = jsonschema::validator_for(&schema("plan.schema.json")).unwrap();
    let out = containerize().args(["plan", "--json"]).arg(example_dir(name)).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(&plan).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(
        errors.is_empty(),
        "{name}: plan --json does not match schema/plan.schema.json:\n{}",
        errors.join("\n")
    );
}

macro_rules! schema_tests {
    ($($test:ident: $name:literal,)*) => {
        $(#[test] fn $test() { plan_validates($name); })*
    };
}
with_examples!(schema_tests);

#[test]
fn the_plan_schema_rejects_a_renamed_key() {
    let validator = jsonschema::validator_for(&schema("plan.schema.json")).unwrap();
    let out = containerize().args(["plan", "--json"]).arg(example_dir("flask-app")).output().unwrap();
    let mut plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(validator.is_valid(&plan));
    let port = plan.as_object_mut().unwrap().remove("port").unwrap();
    plan["prot"] = port;
    assert!(!validator.is_valid(&plan), "a misspelled key must fail the schema");
}

#[test]
fn the_config_schema_names_every_key_with_an_example_the_reader_takes() {
    let schema = schema("config.schema.json");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let properties = schema["properties"].as_object().unwrap();
    let mut named: Vec<&str> = properties.keys().map(String::as_str).collect();
    let mut accepted = containerize::detect::config::KEYS.to_vec();
    named.sort_unstable();
    accepted.sort_unstable();
    assert_eq!(named, accepted, "schema/config.schema.json and the configuration's keys differ");
    for (key, property) in properties {
        let example = &property["examples"][0];
        let instance = serde_json::json!({ key: example });
        assert!(validator.is_valid(&instance), "{key}: its example does not match its own schema");
        let toml_text = toml::to_string(&instance).unwrap();
        let parsed: Result<containerize::detect::config::RawConfig, _> = toml::from_str(&toml_text);
        assert!(parsed.is_ok(), "{key}: the reader refuses the schema's example {toml_text}: {parsed:?}");
    }
    assert!(!validator.is_valid(&serde_json::json!({ "prot": 8000 })), "an unknown key must fail");
    assert!(!validator.is_valid(&serde_json::json!({ "port": "8000" })), "a wrong type must fail");
}
