//! Where each node of a YAML (or JSON) text stands: the line of every JSON pointer, read with a
//! parser that keeps positions (yaml-rust2's events), so an annotation points at the changed node.

use std::collections::HashMap;

use yaml_rust2::parser::{MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::{Event, ScanError};

/// The line (1-based) of each node of a document, by JSON pointer. A member of a mapping stands
/// on the line of its key.
#[derive(Debug, Default)]
pub struct Lines {
    lines: HashMap<String, usize>,
}

impl Lines {
    /// Reads `text`; an error names where it cannot be read.
    pub fn read(text: &str) -> Result<Self, ScanError> {
        let mut walker = Walker::default();
        Parser::new_from_str(text).load(&mut walker, false)?;
        Ok(Lines { lines: walker.lines })
    }

    /// The line of the node at `pointer`, or of its nearest ancestor that exists (what a removal
    /// leaves behind).
    pub fn line(&self, pointer: &str) -> Option<usize> {
        let mut pointer = pointer;
        loop {
            if let Some(line) = self.lines.get(pointer) {
                return Some(*line);
            }
            pointer = pointer.rsplit_once('/')?.0;
        }
    }
}

/// One open container: a mapping waiting for a key or a value, or a sequence at an index.
enum Open {
    /// A mapping; `Some(pointer)` when its next node is the value of that key.
    Mapping(Option<String>),
    /// A sequence, and the index of its next item.
    Sequence(usize),
}

#[derive(Default)]
struct Walker {
    lines: HashMap<String, usize>,
    /// The open containers, with the pointer of each.
    stack: Vec<(String, Open)>,
}

impl Walker {
    /// The pointer of the node that starts now, or `None` for a mapping's key (which it records).
    fn next_node(&mut self, key: Option<&str>, line: usize) -> Option<String> {
        let Some((pointer, open)) = self.stack.last_mut() else { return Some(String::new()) };
        match open {
            Open::Mapping(slot @ None) => {
                let child = format!("{pointer}/{}", escape(key.unwrap_or("")));
                self.lines.insert(child.clone(), line);
                *slot = Some(child);
                None
            }
            Open::Mapping(slot) => slot.take(),
            Open::Sequence(index) => {
                let child = format!("{pointer}/{index}");
                *index += 1;
                self.lines.insert(child.clone(), line);
                Some(child)
            }
        }
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line();
        match event {
            Event::Scalar(value, ..) => {
                let pointer = self.next_node(Some(&value), line);
                if let Some(pointer) = pointer {
                    self.lines.entry(pointer).or_insert(line);
                }
            }
            Event::Alias(_) => {
                self.next_node(None, line);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let pointer = self.next_node(None, line).unwrap_or_default();
                self.lines.entry(pointer.clone()).or_insert(line);
                let open = if matches!(event, Event::MappingStart(..)) {
                    Open::Mapping(None)
                } else {
                    Open::Sequence(0)
                };
                self.stack.push((pointer, open));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pointer_has_the_line_of_its_key_or_item() {
        let text = "openapi: 3.1.0\npaths:\n  /a/{id}:\n    get:\n      tags: [x, y]\n      parameters:\n        - name: id\n          in: path\n";
        let lines = Lines::read(text).expect("YAML");
        assert_eq!(lines.line("/openapi"), Some(1));
        assert_eq!(lines.line("/paths/~1a~1{id}/get"), Some(4));
        assert_eq!(lines.line("/paths/~1a~1{id}/get/tags/1"), Some(5));
        assert_eq!(lines.line("/paths/~1a~1{id}/get/parameters/0/in"), Some(8));
        assert_eq!(
            lines.line("/paths/~1a~1{id}/get/parameters/0/schema/type"),
            Some(7),
            "the nearest ancestor"
        );
        let json = "{\n  \"info\": {\n    \"version\": \"1.0.0\"\n  }\n}\n";
        assert_eq!(Lines::read(json).expect("JSON").line("/info/version"), Some(3));
    }
}
