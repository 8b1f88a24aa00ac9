// olm-check runs OLM's own checks and serving code offline, for Keelson's tests:
//
//	olm-check bundle [--k8s-version V] [--optional KEY=VALUE]... DIR
//	    validate a bundle directory (manifests/ + metadata/) like `operator-sdk bundle validate`
//	olm-check catalog DIR
//	    validate a file-based catalog directory like `opm validate`
//	olm-check render [--output yaml|json] BUNDLE_DIR...
//	    render bundle directories to olm.bundle blobs (objects inline, no image) like `opm render`
//	olm-check serve [--port N] [--cache-dir D] CATALOG_DIR
//	    serve a file-based catalog over the registry gRPC API on 127.0.0.1, like `opm serve`
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"

	"github.com/operator-framework/api/pkg/manifests"
	"github.com/operator-framework/api/pkg/validation"
	verrors "github.com/operator-framework/api/pkg/validation/errors"
	validator "github.com/operator-framework/api/pkg/validation/interfaces"
	"github.com/operator-framework/operator-registry/alpha/action"
	"github.com/operator-framework/operator-registry/alpha/declcfg"
	"github.com/operator-framework/operator-registry/pkg/api"
	"github.com/operator-framework/operator-registry/pkg/cache"
	"github.com/operator-framework/operator-registry/pkg/image"
	"github.com/operator-framework/operator-registry/pkg/lib/config"
	"github.com/operator-framework/operator-registry/pkg/server"
	"github.com/sirupsen/logrus"
	"google.golang.org/grpc"
	health "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
)

const usage = `usage:
  olm-check bundle [--k8s-version V] [--optional KEY=VALUE]... DIR
  olm-check catalog DIR
  olm-check render [--output yaml|json] BUNDLE_DIR...
  olm-check serve [--port N] [--cache-dir D] CATALOG_DIR`

func main() {
	if len(os.Args) < 2 {
		fail(2, usage)
	}
	cmd, args := os.Args[1], os.Args[2:]
	var err error
	switch cmd {
	case "bundle":
		err = bundleCmd(args)
	case "catalog":
		err = catalogCmd(args)
	case "render":
		err = renderCmd(args)
	case "serve":
		err = serveCmd(args)
	case "-h", "--help", "help":
		fmt.Println(usage)
		return
	default:
		fail(2, "unknown command %q\n%s", cmd, usage)
	}
	if err != nil {
		fail(1, "olm-check %s: %v", cmd, err)
	}
}

func fail(code int, format string, a ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", a...)
	os.Exit(code)
}

// keyValues collects repeated --optional KEY=VALUE flags.
type keyValues map[string]string

func (kv keyValues) String() string { return fmt.Sprint(map[string]string(kv)) }
func (kv keyValues) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", s)
	}
	kv[k] = v
	return nil
}

// parse parses a subcommand's flags (they come before the arguments) and checks the number
// of positional arguments (maxArgs < 0: no upper bound).
func parse(fs *flag.FlagSet, args []string, minArgs, maxArgs int) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() < minArgs || (maxArgs >= 0 && fs.NArg() > maxArgs) {
		return fmt.Errorf("wrong number of arguments\n%s", usage)
	}
	return nil
}

// bundleCmd loads a bundle directory and runs the validator suites operator-sdk and the
// OperatorHub pipelines run; it prints one line per finding and fails on any error.
func bundleCmd(args []string) error {
	fs := flag.NewFlagSet("bundle", flag.ExitOnError)
	k8sVersion := fs.String("k8s-version", "", "Kubernetes version the bundle targets (optional key k8s-version)")
	optional := keyValues{}
	fs.Var(optional, "optional", "optional validator key KEY=VALUE (repeatable), e.g. index-path=..., container-tools=...")
	if err := parse(fs, args, 1, 1); err != nil {
		return err
	}
	if *k8sVersion != "" {
		optional["k8s-version"] = *k8sVersion
	}

	// An absolute path: the loader skips directories whose name starts with "." (so "." itself).
	dir, err := filepath.Abs(fs.Arg(0))
	if err != nil {
		return err
	}
	bundle, err := manifests.GetBundleFromDir(dir)
	if err != nil {
		return fmt.Errorf("load bundle %s: %v", fs.Arg(0), err)
	}
	objs := bundle.ObjectsToValidate()
	// Validators read their optional keys from a map[string]string passed among the objects.
	objs = append(objs, map[string]string(optional))

	suites := []struct {
		name string
		v    validator.Validator
	}{
		{"Default", validation.DefaultBundleValidators},
		{"OperatorHubV2", validation.OperatorHubV2Validator},
		{"StandardCapabilities", validation.StandardCapabilitiesValidator},
		{"StandardCategories", validation.StandardCategoriesValidator},
		{"GoodPractices", validation.GoodPracticesValidator},
		{"AlphaDeprecatedAPIs", validation.AlphaDeprecatedAPIsValidator},
	}
	errorsFound := 0
	for _, s := range suites {
		for _, result := range s.v.Validate(objs...) {
			for _, e := range result.Errors {
				fmt.Printf("ERROR %s %s: %s\n", s.name, result.Name, finding(e))
				errorsFound++
			}
			for _, w := range result.Warnings {
				fmt.Printf("WARN %s %s: %s\n", s.name, result.Name, finding(w))
			}
		}
	}
	if errorsFound > 0 {
		return fmt.Errorf("%d error(s) in bundle %s", errorsFound, fs.Arg(0))
	}
	return nil
}

// finding formats a validation finding without the "Error: "/"Warning: " prefix the
// library adds (the line already says ERROR or WARN).
func finding(e verrors.Error) string {
	// Show what a pointer value points to, not its address.
	if v := reflect.ValueOf(e.BadValue); v.Kind() == reflect.Pointer && !v.IsNil() {
		e.BadValue = v.Elem().Interface()
	}
	s := e.Error()
	s = strings.TrimPrefix(s, string(e.Level)+": ")
	return fmt.Sprintf("[%s] %s", e.Type, s)
}

// catalogCmd validates a file-based catalog exactly as `opm validate` does.
func catalogCmd(args []string) error {
	fs := flag.NewFlagSet("catalog", flag.ExitOnError)
	if err := parse(fs, args, 1, 1); err != nil {
		return err
	}
	dir := fs.Arg(0)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if err := config.Validate(context.Background(), os.DirFS(dir)); err != nil {
		return err
	}
	return nil
}

// noPulls is an image registry that refuses every pull: render works on directories only.
type noPulls struct{}

func (noPulls) Pull(_ context.Context, ref image.Reference) error {
	return fmt.Errorf("image %q: olm-check renders bundle directories only (no image pulls)", ref)
}
func (noPulls) Unpack(context.Context, image.Reference, string) error { return errors.New("no images") }
func (noPulls) Labels(context.Context, image.Reference) (map[string]string, error) {
	return nil, errors.New("no images")
}
func (noPulls) Destroy() error { return nil }

// renderCmd renders bundle directories to olm.bundle blobs; with no image, each bundle's
// manifests travel inline as olm.bundle.object properties.
func renderCmd(args []string) error {
	fs := flag.NewFlagSet("render", flag.ExitOnError)
	output := fs.String("output", "yaml", "output format: yaml or json")
	fs.StringVar(output, "o", "yaml", "shorthand for --output")
	if err := parse(fs, args, 1, -1); err != nil {
		return err
	}
	logrus.SetLevel(logrus.WarnLevel) // the bundle loader logs every optional file it does not find
	r := action.Render{
		Refs:           fs.Args(),
		Registry:       noPulls{},
		AllowedRefMask: action.RefBundleDir,
	}
	cfg, err := r.Run(context.Background())
	if err != nil {
		return err
	}
	switch *output {
	case "yaml":
		return declcfg.WriteYAML(*cfg, os.Stdout)
	case "json":
		return declcfg.WriteJSON(*cfg, os.Stdout)
	default:
		return fmt.Errorf("unknown output %q (yaml or json)", *output)
	}
}

// serveCmd serves a file-based catalog over the registry gRPC API (the API a CatalogSource
// with spec.address talks to), on loopback only.
func serveCmd(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	port := fs.Int("port", 50051, "port to listen on (127.0.0.1)")
	cacheDir := fs.String("cache-dir", "", "directory for the serving cache (default: a temporary one)")
	if err := parse(fs, args, 1, 1); err != nil {
		return err
	}
	configDir := fs.Arg(0)
	if st, err := os.Stat(configDir); err != nil || !st.IsDir() {
		return fmt.Errorf("%s is not a directory", configDir)
	}

	// Take the port first, so that a port in use fails at once with a clear message.
	addr := fmt.Sprintf("127.0.0.1:%d", *port)
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("port %d on 127.0.0.1 is already in use", *port)
		}
		return fmt.Errorf("listen on %s: %v", addr, err)
	}

	logger := logrus.New()
	logger.SetOutput(os.Stderr)
	log := logrus.NewEntry(logger).WithField("configs", configDir)

	dir := *cacheDir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "olm-check-cache-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	// Build (or reuse when its digest matches) the cache the registry server answers from;
	// this also validates the catalog.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	store, err := cache.New(dir, cache.WithLog(log))
	if err != nil {
		return err
	}
	defer store.Close()
	if err := cache.LoadOrRebuild(ctx, store, os.DirFS(configDir)); err != nil {
		return fmt.Errorf("load catalog %s: %v", configDir, err)
	}

	// The same services `opm serve` registers: registry, experimental registry, health, reflection.
	grpcServer := grpc.NewServer()
	api.RegisterRegistryServer(grpcServer, server.NewRegistryServer(store))
	api.RegisterExperimentalRegistryServer(grpcServer, server.NewExperimentalRegistryServer(store))
	health.RegisterHealthServer(grpcServer, server.NewHealthServer())
	reflection.Register(grpcServer)

	go func() {
		<-ctx.Done()
		log.Info("shutting down")
		grpcServer.GracefulStop()
	}()
	log.Infof("serving on %s", addr)
	if err := grpcServer.Serve(lis); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return err
	}
	return nil
}
