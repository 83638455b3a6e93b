//! GitHub workflow commands (`::error file=…,line=…::message`): the
//! runner reads `%`, CR and LF as escapes in a message, and `:` and `,` end
//! a property, so a folder named `a,line=9::All good` cannot forge one.

/// A workflow command's message: `%`, CR and LF escaped.
pub fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`, which end it.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
