// Command kstatus prints the kstatus verdict (sigs.k8s.io/cli-utils pkg/kstatus/status, the
// library Flux's health checks and kpt use) of every Kubernetes object read from stdin as JSON: one
// object, or a List of them (`kubectl get -o json`). One line per object:
//
//	<kind>/<name>	<status>	<message>
//
// where status is InProgress, Failed, Current, Terminating, NotFound or Unknown.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("reading stdin: %v", err)
	}
	// Numbers as the API machinery reads them (integers as int64), as kubectl and Flux hand objects to kstatus.
	var object map[string]interface{}
	if err := json.Unmarshal(raw, &object); err != nil {
		fail("stdin is not a JSON object: %v", err)
	}
	items := []map[string]interface{}{object}
	if list, ok := object["items"].([]interface{}); ok {
		items = items[:0]
		for _, item := range list {
			m, ok := item.(map[string]interface{})
			if !ok {
				fail("an item of the list is not an object")
			}
			items = append(items, m)
		}
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, item := range items {
		u := &unstructured.Unstructured{Object: item}
		result, err := status.Compute(u)
		if err != nil {
			fail("%s/%s: %v", u.GetKind(), u.GetName(), err)
		}
		fmt.Fprintf(out, "%s/%s\t%s\t%s\n", u.GetKind(), u.GetName(), result.Status, result.Message)
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "kstatus: "+format+"\n", args...)
	os.Exit(2)
}
