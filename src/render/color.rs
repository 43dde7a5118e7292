//! Colours for the text output: a calm palette fixed once at start-up and
//! passed to the renderer (never owo-colors' process-wide override).

use owo_colors::Style;

/// One style per role. [`Palette::plain`] styles nothing and writes no
/// escape codes.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    pub enabled: bool,
    /// Addresses: IP and MAC.
    pub addr: Style,
    /// Ports.
    pub port: Style,
    /// TCP flags.
    pub flags: Style,
    /// Protocol names at the start of a layer ("IP", "ARP").
    pub proto: Style,
    /// Time stamps and packet numbers.
    pub meta: Style,
    /// Truncation markers and complaints.
    pub warn: Style,
}

impl Palette {
    pub fn plain() -> Palette {
        Palette {
            enabled: false,
            addr: Style::new(),
            port: Style::new(),
            flags: Style::new(),
            proto: Style::new(),
            meta: Style::new(),
            warn: Style::new(),
        }
    }

    pub fn colored() -> Palette {
        Palette {
            enabled: true,
            addr: Style::new().cyan(),
            port: Style::new().yellow(),
            flags: Style::new().magenta(),
            proto: Style::new().bold(),
            meta: Style::new().dimmed(),
            warn: Style::new().red(),
        }
    }

    pub fn new(enabled: bool) -> Palette {
        if enabled {
            Palette::colored()
        } else {
            Palette::plain()
        }
    }
}
