// raw-apply is the Service benchmark's fastest plain client: it server-side-applies objects with
// client-go's REST client (HTTP/2, no client-side rate limit), as many at once as -workers says,
// and prints the rate in objects per second. Each input line is "<request path>\t<object JSON>".
//
//	raw-apply -kubeconfig FILE -workers 20 < objects.tsv
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

type object struct{ path, body string }

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the API server")
	workers := flag.Int("workers", 20, "requests in flight")
	manager := flag.String("field-manager", "baseline", "field manager of the applies")
	flag.Parse()

	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fail("reading the kubeconfig: %v", err)
	}
	config.QPS = -1 // no client-side rate limit: the server's rate is what is measured
	config.ContentType = "application/json"
	config.GroupVersion = nil
	config.NegotiatedSerializer = scheme.Codecs.WithoutConversion()
	client, err := rest.UnversionedRESTClientFor(config)
	if err != nil {
		fail("building the REST client: %v", err)
	}

	var objects []object
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 16<<20)
	for in.Scan() {
		path, body, ok := strings.Cut(in.Text(), "\t")
		if !ok {
			fail("input line without a tab: %q", in.Text())
		}
		objects = append(objects, object{path, body})
	}
	if len(objects) == 0 {
		fail("no objects on stdin")
	}

	work := make(chan object)
	var failed atomic.Int64
	var firstError atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := range work {
				err := client.Patch(types.ApplyPatchType).AbsPath(o.path).
					Param("fieldManager", *manager).Param("force", "true").
					Body([]byte(o.body)).Do(context.Background()).Error()
				if err != nil {
					failed.Add(1)
					firstError.CompareAndSwap(nil, fmt.Sprintf("%s: %v", o.path, err))
				}
			}
		}()
	}
	for _, o := range objects {
		work <- o
	}
	close(work)
	wg.Wait()
	seconds := time.Since(start).Seconds()
	if n := failed.Load(); n > 0 {
		fail("%d of %d applies failed; the first: %v", n, len(objects), firstError.Load())
	}
	fmt.Printf("%d objects in %.3f s: %.1f objects/s\n", len(objects), seconds, float64(len(objects))/seconds)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "raw-apply: "+format+"\n", args...)
	os.Exit(1)
}
