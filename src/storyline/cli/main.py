"""The ``storyline`` command: a thin layer over the library.

It maps flags onto :func:`storyline.config.load_config`, runs the library's
jobs and turns errors into one-line messages. Exit codes: 0 ok, 1 nothing
could be ingested / a run failed, 2 usage or configuration error.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from storyline.config import Config, load_config
from storyline.errors import ConfigError, StorylineError
from storyline.records import Failure, Story, from_dict

app = typer.Typer(
    name="storyline",
    help="Turn many news reports about the same events into one verified, source-traced picture.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite store (default ./storyline.db).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="storyline.toml to read.")]
OutletsOpt = Annotated[
    Path | None,
    typer.Option("--outlets", help="Extra outlet registry CSV (name,domains,country,kind,family,aliases)."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary table.")]


def _config(config: Path | None, **overrides: Any) -> Config:
    try:
        return load_config(config, **overrides)
    except ConfigError as exc:
        err.print(f"[red]usage error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc


def _open_store(cfg: Config) -> Any:
    from storyline.store import Store

    try:
        return Store(cfg.db)
    except StorylineError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc


def _print_failure(f: Failure) -> None:
    err.print(
        f"[yellow]skipped[/yellow] {escape(f.source)}: {escape(f.reason)} [dim]({f.code})[/dim]",
        highlight=False,
        soft_wrap=True,
    )


def _progress(quiet: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )


def _ingest(paths: list[str], cfg: Config, store: Any, quiet: bool) -> Any:
    from storyline.pipeline import ingest

    with _progress(quiet) as progress:
        task = progress.add_task("ingesting", total=None)

        def on_article(status: str, article: Any) -> None:
            progress.advance(task)
            if status == "added" and "truncated" in (article.cleaning or ()):
                err.print(
                    f"[yellow]cut[/yellow] {escape(article.source or article.id)}: article longer than "
                    f"{cfg.limits.max_article_chars:,} characters (limits.max_article_chars); "
                    f"kept the first {len(article.text):,} [dim](truncated)[/dim]",
                    highlight=False,
                    soft_wrap=True,
                )

        report = ingest(paths, store, cfg, on_failure=_print_failure, on_article=on_article)
    if not quiet:
        err.print(
            f"ingest: {len(report.added)} new, {len(report.existing)} already stored, "
            f"{len(report.skipped_sources)} unchanged sources skipped, {len(report.failures)} failed",
            highlight=False,
        )
    return report


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or URLs.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    outlets: OutletsOpt = None,
    allow_private: Annotated[bool, typer.Option(help="Let URL fetches reach private addresses.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Parse, clean and store articles (no analysis)."""
    cfg = _config(
        config, db=db, outlets_file=str(outlets) if outlets else None, allow_private=allow_private or None
    )
    with _open_store(cfg) as store:
        report = _ingest(paths, cfg, store, quiet)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def fetch(
    urls: Annotated[list[str], typer.Argument(help="URLs, or files listing one URL per line.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    allow_private: Annotated[bool, typer.Option(help="Allow loopback/private addresses.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Fetch URLs (or URL lists) and store the articles."""
    cfg = _config(config, db=db, allow_private=allow_private or None)
    with _open_store(cfg) as store:
        report = _ingest(urls, cfg, store, quiet)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def analyze(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders or URLs to ingest first.")] = None,
    db: DbOpt = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the JSON export here.")] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write the HTML report here.")] = None,
    config: ConfigOpt = None,
    outlets: OutletsOpt = None,
    embedder: Annotated[str | None, typer.Option(help="auto | e5 | hashing (fast, no model).")] = None,
    engine: Annotated[str | None, typer.Option(help="local | ray")] = None,
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", help="Ray cluster to join (with --engine ray); default: local Ray."),
    ] = None,
    procs: Annotated[
        int | None,
        typer.Option(help="Worker processes for per-article features (local engine); 0: one per core."),
    ] = None,
    window: Annotated[
        int | None,
        typer.Option(
            help="Articles per batch of whole storylines for the stages after clustering (memory follows "
            "it; default 5000); 0: all at once."
        ),
    ] = None,
    allow_private: Annotated[bool, typer.Option(help="Let URL fetches reach private addresses.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Ingest PATHs, run every stage over the store, and write the export/report."""
    cfg = _config(
        config,
        db=db,
        outlets_file=str(outlets) if outlets else None,
        embedder=embedder,
        engine=engine,
        ray_address=ray_address,
        procs=procs,
        window=window,
        allow_private=allow_private or None,
    )
    with _open_store(cfg) as store:
        ingest_report = _ingest(list(paths), cfg, store, quiet) if paths else None
        if not store.count_articles():
            err.print("[red]error:[/red] nothing to analyze: no article could be ingested", highlight=False)
            raise typer.Exit(1)
        started = time.perf_counter()
        _run_stages(cfg, store, quiet)
        elapsed = time.perf_counter() - started
        if json_out or report:  # the whole analysis in memory: for a large store, `export --format jsonl`
            from storyline.export import build_export, write_json

            articles, analysis, failures = store.articles(), store.load_analysis(), store.failures()
            if json_out:
                write_json(json_out, build_export(articles, analysis, failures))
            if report:
                _write_report(report, articles, analysis, failures)
        if not quiet:
            _summary(store, elapsed)
    if not quiet:
        if json_out:
            out.print(f"export: {json_out}", highlight=False)
        if report:
            out.print(f"report: {report.resolve()}", highlight=False)
    ok = ingest_report is None or ingest_report.ok
    raise typer.Exit(0 if ok else 1)


def _run_stages(cfg: Config, store: Any, quiet: bool) -> None:
    """Analyze every stored article and save the analysis in the store."""
    with _progress(quiet) as progress:
        tasks: dict[str, Any] = {}

        def tick(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        if cfg.engine == "ray":
            from storyline.scale import analyze_with_ray

            store.save_analysis(analyze_with_ray(store.articles(), cfg, store=store, progress=tick))
            return
        from storyline.window import analyze_store

        analyze_store(store, cfg, progress=tick)


def _write_report(path: Path, articles: list[Any], analysis: Any, failures: list[Failure]) -> None:
    try:
        from storyline.report import write_report
    except ImportError:
        err.print("[yellow]note:[/yellow] the HTML report is not available in this build", highlight=False)
        return
    write_report(path, articles, analysis, failures)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(store: Any, elapsed: float) -> None:
    """Counts of the stored analysis and its first stories (read from the store, not held)."""
    counts = store.result_counts()
    table = Table(title="Storyline", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("articles", store.count_articles()),
        ("outlets", store.count_outlets()),
        ("near-duplicates", len(store.analysis_meta().get("duplicate_of") or {})),
        ("stories", counts["stories"]),
        ("storylines", counts["storylines"]),
        ("attributions", counts["attributions"]),
        ("claims", counts["claims"]),
        ("provenance edges", counts["provenance"]),
        ("contradictions", counts["contradictions"]),
        ("positions", counts["positions"]),
        ("briefings", counts["briefings"]),
    ]
    for name, n in rows:
        table.add_row(name, str(n))
    out.print(table)
    stories = [from_dict(Story, d) for d in itertools.islice(store.iter_results("stories"), 12)]
    by_id = {a.id: a for a in store.articles_by_id(i for s in stories for i in s.article_ids)}
    for story in stories:
        members = [by_id[i] for i in story.article_ids if i in by_id]
        outlets_of = sorted({a.outlet for a in members if a.outlet})
        unknown = sum(1 for a in members if not a.outlet)
        named = ", ".join(outlets_of[:5]) + ("…" if len(outlets_of) > 5 else "")
        if unknown:
            named += f"{'; ' if named else ''}{_plural(unknown, 'article')} with no known outlet"
        out.print(
            f"• [bold]{escape(story.title)}[/bold] — {_plural(len(story.article_ids), 'article')}, "
            f"{_plural(len(outlets_of), 'outlet')} ({named})",
            highlight=False,
        )
    out.print(f"[dim]analysis took {elapsed:.1f} s[/dim]")


@app.command("export")
def export_cmd(
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the JSON export here.")] = None,
    db: DbOpt = None,
    report: Annotated[Path | None, typer.Option("--report", help="Also write the HTML report.")] = None,
    config: ConfigOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", help="json | jsonl | parquet (jsonl/parquet stream: for large stores).")
    ] = "json",
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Where --format jsonl (a file) or parquet (a folder) writes.")
    ] = None,
) -> None:
    """Write the export of the last analysis stored in the database."""
    from storyline.export import build_export, write_json

    cfg = _config(config, db=db)
    if fmt != "json":
        _stream_export(cfg, fmt, out_path or json_out)
        return
    if json_out is None:
        err.print("[red]usage error:[/red] --json FILE is required (or --format jsonl|parquet --out PATH)")
        raise typer.Exit(2)
    with _open_store(cfg) as store:
        articles, analysis, failures = store.articles(), store.load_analysis(), store.failures()
    write_json(json_out, build_export(articles, analysis, failures))
    if report:
        _write_report(report, articles, analysis, failures)
    out.print(f"export: {json_out}", highlight=False)


def _stream_export(cfg: Config, fmt: str, path: Path | None) -> None:
    from storyline.scale.stream_export import FORMATS

    if fmt not in FORMATS or path is None:
        err.print(
            f"[red]usage error:[/red] --format {fmt} needs --out PATH; formats: json, {', '.join(FORMATS)}"
        )
        raise typer.Exit(2)
    with _open_store(cfg) as store:
        counts = FORMATS[fmt](store, path)
    out.print(f"export ({fmt}): {path} — {counts.get('articles', 0)} articles", highlight=False)


@app.command()
def articles(
    db: DbOpt = None,
    config: ConfigOpt = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
) -> None:
    """List stored articles."""
    cfg = _config(config, db=db)
    with _open_store(cfg) as store:
        rows = [a for a in store.iter_articles() if outlet is None or a.outlet == outlet]
    table = Table(show_header=True, header_style="bold")
    for col in ("id", "published", "outlet", "lang", "title"):
        table.add_column(col, overflow="fold")
    for a in rows[:limit]:
        table.add_row(
            *(escape(x) for x in (a.id, a.published or "—", a.outlet or "—", a.language or "—", a.title))
        )
    out.print(table)
    out.print(f"{len(rows)} article(s)", highlight=False)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    original: Annotated[bool, typer.Option(help="Show the text as parsed, before cleaning.")] = False,
) -> None:
    """Show one article with what the analysis found in it."""
    cfg = _config(config, db=db)
    with _open_store(cfg) as store:
        art = store.get_article(article_id)
        if art is None:
            err.print(f"[red]error:[/red] no article with id {article_id!r} in {cfg.db}", highlight=False)
            raise typer.Exit(1)
        analysis = store.load_analysis()
    out.print(f"[bold]{escape(art.title)}[/bold]", highlight=False)
    out.print(
        f"{art.outlet or 'unknown outlet'} ({art.outlet_kind}) · {art.published or 'undated'} · "
        f"{art.language or '?'} · {art.url or art.source}",
        highlight=False,
        markup=False,
    )
    if art.cleaning:
        out.print(f"[dim]cleaning: {', '.join(art.cleaning)}[/dim]", highlight=False)
    out.print()
    out.print(art.original_text if original else art.text, highlight=False, markup=False)
    atts = [a for a in analysis.attributions if a.article_id == art.id]
    if atts:
        out.print()
        out.print("[bold]Who said what[/bold]")
        for a in atts:
            out.print(
                f"• {a.speaker or a.speaker_span or '?'} ({a.speaker_kind}) {a.cue or ''}: {a.text}",
                highlight=False,
                markup=False,
            )
    for c in analysis.cites.get(art.id, ()):
        out.print(f"cites {c.outlet}: {c.evidence}", highlight=False, markup=False)


@app.command("serve")
def serve_cmd(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address; non-loopback needs STORYLINE_TOKEN.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    config: ConfigOpt = None,
) -> None:
    """Serve the web UI and JSON API (/api/v1) over the store."""
    from storyline.cli.serve import serve

    serve(db, host, port, config)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except StorylineError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
