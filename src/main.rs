//! The `netdecode` binary: parse arguments, run, map the outcome to an
//! exit status. Everything else lives in the library.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use netdecode::app::Config;
use netdecode::cli::{self, Args};
use netdecode::error::AppError;
use netdecode::{app, capture};

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let mut err = std::io::stderr().lock();
            for w in e.warnings() {
                let _ = writeln!(err, "netdecode: WARNING: {w}");
            }
            let _ = writeln!(err, "netdecode: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(args: Args) -> Result<ExitCode, AppError> {
    // Before any input is opened: a signal while opening counts too.
    let stop = app::catch_signals();
    if let Some(cmd) = &args.command {
        if let Some(watch) = cli::watch_command(cmd)? {
            return app::watch::run(&watch, &stop);
        }
        return app::flows::run(&cli::flow_command(cmd)?, &stop);
    }
    if args.list_interfaces {
        let mut out = std::io::stdout();
        capture::list_interfaces(&mut out)?;
        return Ok(ExitCode::SUCCESS);
    }
    // As tcpdump: -J is answered before the device is activated, so
    // before -L.
    if args.list_tstamp_types {
        let iface = match &args.interface {
            Some(i) => i.clone(),
            None => capture::default_interface()?,
        };
        capture::list_tstamp_types(&iface, &mut std::io::stderr())?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.list_linktypes {
        // As tcpdump: the default interface when -i names none.
        let iface = match &args.interface {
            Some(i) => i.clone(),
            None => capture::default_interface()?,
        };
        capture::list_linktypes(&iface, &mut std::io::stderr())?;
        return Ok(ExitCode::SUCCESS);
    }
    let tty = Config::stdout_is_tty();
    let cfg = Config::from_args(&args, tty)?;
    if let app::config::Input::Files(paths) = &cfg.input {
        let mut out = netdecode::render::Output::stdout(cfg.line_buffered);
        let summary = app::inputs::run_files(&cfg, paths, &stop, &mut out)?;
        if cfg.count_only {
            let n = summary.packets;
            let mut o = std::io::stdout();
            writeln!(o, "{n} packet{}", if n == 1 { "" } else { "s" })
                .map_err(|e| AppError::io("standard output", e))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut source = app::open_source(&cfg, &stop)?;
    for w in source.take_warnings() {
        let _ = writeln!(std::io::stderr(), "netdecode: WARNING: {w}");
    }
    let savefile = app::open_savefile(&cfg, &source)?;
    if let Some(user) = &args.user {
        // Silent when it works, as Debian's tcpdump 4.99.3 is.
        app::privileges::drop_to(user)?;
    }
    let live = source.is_live();
    if let (true, app::config::Input::Live(iface)) = (live, &cfg.input) {
        let _ = writeln!(
            std::io::stderr(),
            "netdecode: listening on {iface}, link-type {}, snapshot length {} bytes",
            source.linktype_label(),
            cfg.live.snaplen
        );
    }
    let mut out = netdecode::render::Output::stdout(cfg.line_buffered);
    let summary = app::run(&cfg, &mut source, savefile, &mut out)?;
    if live {
        let _ = app::write_live_summary(&mut std::io::stderr(), &summary);
    } else if cfg.count_only {
        // tcpdump --count -r: the number on standard output.
        let n = summary.packets;
        let mut o = std::io::stdout();
        writeln!(o, "{n} packet{}", if n == 1 { "" } else { "s" })
            .map_err(|e| AppError::io("standard output", e))?;
    }
    Ok(ExitCode::SUCCESS)
}
