// Command policysite publishes company policies — privacy policy, terms,
// cookie policy — as a static, accessible website with full version
// history. Run "policysite help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/policysite/policysite/generator"
	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/linkcheck"
	"github.com/policysite/policysite/generator/model"
)

// version is set at link time (-ldflags "-X main.version=…").
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	relaxGCWhileSmall(os.Getenv)
	stopProfile := startProfile(os.Getenv("POLICYSITE_CPUPROFILE"), os.Stderr)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stopProfile()
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// startProfile writes a CPU profile of the whole command to file, for
// profiling a real build or serve session (go tool pprof bin/policysite
// file); it returns the function that ends it.
func startProfile(file string, stderr io.Writer) func() {
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "POLICYSITE_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// usageError marks a mistake in the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var list diag.List
	var one *diag.Error
	if !errors.As(err, &list) && errors.As(err, &one) {
		list = diag.List{one}
	}
	if len(list) > 0 {
		fmt.Fprintln(stderr, list.Error())
		noun := "errors"
		if len(list) == 1 {
			noun = "error"
		}
		fmt.Fprintf(stderr, "policysite: %d %s; nothing was written\n", len(list), noun)
		return 1
	}
	fmt.Fprintln(stderr, "policysite:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

const usage = `policysite publishes company policies as a static website with full version history.

Usage:
  policysite <command> [flags] [arguments]

Commands:
  build     build the site into public/
  check     validate the site and its links without writing anything
  serve     preview the site with live reload (built in memory; public/ is left alone)
  init DIR  create a new site that builds at once
  new NAME  start a policy, or a new version of one from its current text
  diff POLICY [FROM] [TO]
            show what changed between two versions (default: the version in force and the one before)
  pdf       print each policy's version in force to PDF with a local headless Chromium
  version   print the version
  help      show this help

Run "policysite <command> -h" for the flags of a command.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "build":
		return cmdBuild(ctx, args, stdout, stderr, getenv)
	case "check":
		return cmdCheck(ctx, args, stdout, stderr, getenv)
	case "serve", "server":
		return cmdServe(ctx, args, stdout, stderr, getenv)
	case "init":
		return cmdInit(args, stdout, stderr, getenv)
	case "new":
		return cmdNew(args, stdout, stderr, getenv)
	case "diff":
		return cmdDiff(args, stdout, stderr, getenv)
	case "pdf":
		return cmdPdf(ctx, args, stdout, stderr, getenv)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "policysite %s\n", buildVersion())
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}

// siteFlags are the flags shared by the commands that load a site.
type siteFlags struct {
	dir     string
	dest    string
	baseURL string
	now     string
	drafts  bool
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: policysite %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func (f *siteFlags) register(fs *flag.FlagSet, withDest bool) {
	fs.StringVar(&f.dir, "s", ".", "site `dir`ectory (holds site.yaml and content/)")
	fs.StringVar(&f.dir, "source", ".", "same as -s")
	if withDest {
		fs.StringVar(&f.dest, "d", "", "destination `dir`ectory (default <site>/public)")
		fs.StringVar(&f.dest, "destination", "", "same as -d")
	}
	fs.StringVar(&f.baseURL, "base-url", "", "override site.yaml's base_url (e.g. for a preview deploy)")
	fs.StringVar(&f.now, "now", "", "build `date` YYYY-MM-DD: decides which version is in force (default $SOURCE_DATE_EPOCH, else today)")
	fs.BoolVar(&f.drafts, "drafts", false, "include versions marked draft: true")
}

func (f *siteFlags) options(getenv func(string) string) (generator.Options, error) {
	opts := generator.Options{SiteDir: f.dir, Dest: f.dest, BaseURL: f.baseURL, Drafts: f.drafts}
	var err error
	if f.now != "" {
		opts.Now, err = model.ParseDate(f.now)
		if err != nil {
			return opts, usageError{"--now: " + err.Error()}
		}
	} else if opts.Now, err = generator.Today(getenv); err != nil {
		return opts, err
	}
	return opts, nil
}

// parse parses flags anywhere among the arguments ("diff privacy --now
// 2025-01-01" as well as "diff --now 2025-01-01 privacy") and returns the
// positional arguments.
func parse(fs *flag.FlagSet, args []string, maxArgs int) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) > maxArgs {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), positional[maxArgs])}
	}
	// Leave the positional arguments where FlagSet.Arg finds them.
	return fs.Parse(append([]string{"--"}, positional...))
}

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := newFlagSet("build", "build [-s dir] [-d dir] [--base-url URL] [--now YYYY-MM-DD] [--drafts]", stderr)
	var f siteFlags
	f.register(fs, true)
	quiet := fs.Bool("q", false, "print nothing on success")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	opts, err := f.options(getenv)
	if err != nil {
		return err
	}
	if isTerminal(stderr) {
		opts.Progress = stderr
	}
	sum, err := generator.Build(ctx, opts)
	if err != nil {
		return err
	}
	for _, w := range sum.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if !*quiet {
		fmt.Fprintf(stdout, "built %s as of %s\n", sum, opts.Now)
	}
	return nil
}

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := newFlagSet("check", "check [-s dir] [--now YYYY-MM-DD] [--drafts] [--external] [--list-external]", stderr)
	var f siteFlags
	f.register(fs, false)
	list := fs.Bool("list-external", false, "list the external links the site contains")
	external := fs.Bool("external", false, "also request every external link (politely: one request at a time per host, 10 s timeout) and report dead ones")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	opts, err := f.options(getenv)
	if err != nil {
		return err
	}
	res, err := generator.Check(ctx, opts)
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if *list {
		for _, u := range res.External {
			fmt.Fprintln(stdout, "external:", u)
		}
	}
	if !*external {
		fmt.Fprintf(stdout, "ok: %d policies, %d versions%s, %d files would be written, no broken links (%d external links not checked; --external checks them)\n", res.Policies, res.Versions, res.LeftOut(), res.Files, len(res.External))
		return nil
	}
	dead := linkcheck.CheckExternal(ctx, res.External, linkcheck.ExternalOptions{})
	for _, d := range dead {
		fmt.Fprintf(stderr, "dead external link %s (%s)\n", d.URL, d.Reason)
	}
	if len(dead) > 0 {
		return fmt.Errorf("%d of %d external links are dead", len(dead), len(res.External))
	}
	fmt.Fprintf(stdout, "ok: %d policies, %d versions%s, %d files would be written, no broken links, %d external links answer\n", res.Policies, res.Versions, res.LeftOut(), res.Files, len(res.External))
	return nil
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := newFlagSet("serve", "serve [-s dir] [--bind 127.0.0.1] [--port 1313] [--now YYYY-MM-DD] [--drafts] [--base-url URL]", stderr)
	var f siteFlags
	f.register(fs, false)
	bind := fs.String("bind", "127.0.0.1", "`address` to listen on (default: this machine only)")
	port := fs.Int("port", 1313, "`port` to listen on; unless given, the next free one is used when it is busy")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	explicit := false
	fs.Visit(func(fl *flag.Flag) { explicit = explicit || fl.Name == "port" })
	if *port < 0 || *port > 65535 {
		return usageError{fmt.Sprintf("--port: %d is not a port number (0–65535)", *port)}
	}
	opts, err := f.options(getenv)
	if err != nil {
		return err
	}
	return generator.Serve(ctx, opts, *bind, *port, explicit, stdout)
}

func cmdInit(args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := newFlagSet("init", "init [--title TITLE] [--base-url URL] [--entity NAME] DIR", stderr)
	title := fs.String("title", "Legal Center", "the site's `title`")
	baseURL := fs.String("base-url", "https://legal.example.com/", "the `URL` the site will be deployed at")
	entity := fs.String("entity", "Example Company Ltd", "the legal `name` of the company publishing the policies")
	if err := parse(fs, args, 1); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{"init: which folder? (expected: policysite init DIR)"}
	}
	today, err := generator.Today(getenv)
	if err != nil {
		return err
	}
	dir := fs.Arg(0)
	done, err := generator.Init(dir, generator.InitOptions{Title: *title, BaseURL: *baseURL, Entity: *entity, Today: today})
	for _, line := range done {
		fmt.Fprintln(stdout, line)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nBuild it with:  policysite build -s %s\n", dir)
	return nil
}

func cmdNew(args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := newFlagSet("new", "new [-s dir] [--effective YYYY-MM-DD] [--title TITLE] POLICY", stderr)
	dir := fs.String("s", ".", "site `dir`ectory")
	effective := fs.String("effective", "", "`date` the new version takes effect (default: today)")
	title := fs.String("title", "", "`title` of a new policy (default: from its name)")
	if err := parse(fs, args, 1); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{"new: which policy? (expected e.g.: policysite new privacy)"}
	}
	date, err := generator.Today(getenv)
	if err != nil {
		return err
	}
	if *effective != "" {
		if date, err = model.ParseDate(*effective); err != nil {
			return usageError{"--effective: " + err.Error()}
		}
	}
	res, err := generator.New(*dir, fs.Arg(0), generator.NewOptions{Effective: date, Title: *title})
	if err != nil {
		return err
	}
	for _, line := range res {
		fmt.Fprintln(stdout, line)
	}
	return nil
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && !strings.EqualFold(os.Getenv("TERM"), "dumb")
}

func cmdDiff(args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := newFlagSet("diff", "diff [-s dir] [--now YYYY-MM-DD] [--color auto|always|never] POLICY [FROM] [TO]", stderr)
	var f siteFlags
	f.register(fs, false)
	color := fs.String("color", "auto", "colour the output: auto (only on a terminal), always or never")
	if err := parse(fs, args, 3); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{"diff: which policy? (expected e.g.: policysite diff privacy 2024-03-01 2025-06-01)"}
	}
	opts, err := f.options(getenv)
	if err != nil {
		return err
	}
	c, err := generator.Diff(opts, fs.Arg(0), fs.Arg(1), fs.Arg(2))
	if err != nil {
		return err
	}
	useColor := false
	switch *color {
	case "always":
		useColor = true
	case "auto":
		useColor = isTerminal(stdout) && getenv("NO_COLOR") == ""
	case "never":
	default:
		return usageError{"--color: expected auto, always or never"}
	}
	from := "nothing (first version)"
	if c.From != nil {
		from = c.From.Effective.String()
	}
	fmt.Fprintf(stdout, "%s: %s → %s\n", c.Policy, from, c.To.Effective)
	if c.To.Summary != "" {
		fmt.Fprintf(stdout, "Summary: %s\n", c.To.Summary)
	}
	fmt.Fprintln(stdout)
	fmt.Fprint(stdout, c.Redline.Text(useColor))
	return nil
}
