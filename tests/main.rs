//! The workspace-level tests: one binary, a module per subject. Each module's own doc comment says
//! what it holds; `support.rs` (the `hookspec_tests` library) and `scene.rs` are shared.

mod bad_input;
mod behaviour_data;
mod breaking;
mod clients;
mod contract;
mod corpus;
mod deliveries;
mod diff_gate;
mod drift_check;
mod equals_money;
mod events;
mod examples;
mod faults;
mod formats;
mod gigapay;
mod import;
mod imports;
mod json_schemas;
mod openapi30;
mod openrpc;
mod provider;
mod receivers;
mod reference;
mod sandbox;
mod scene;
mod shipstream;
mod sources;
mod spec_output;
mod stripe;
mod stripe_mock;
mod workspace;
