// Command argo-health runs Argo CD health checks (health.lua) the way Argo CD runs a script from
// argocd-cm: github.com/yuin/gopher-lua, the interpreter Argo CD embeds, with only the libraries
// Argo gives such a script (package, base, table; no string library), the object as the global
// `obj`, a one-second limit, and the returned table read as {status, message} with status one of
// Argo's health codes.
//
//	argo-health test <resource_customizations dir>   every <group>/<Kind>/health_test.yaml in it
//	argo-health eval <health.lua> < object.json      prints "<status>\t<message>"
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/yaml"
)

type health struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

type healthTests struct {
	Tests []struct {
		HealthStatus health `json:"healthStatus"`
		InputPath    string `json:"inputPath"`
	} `json:"tests"`
}

var codes = map[string]bool{"Healthy": true, "Progressing": true, "Degraded": true, "Suspended": true, "Missing": true, "Unknown": true}

func main() {
	if len(os.Args) != 3 {
		fail("usage: argo-health test <dir> | argo-health eval <health.lua> < object.json")
	}
	switch os.Args[1] {
	case "test":
		os.Exit(runTests(os.Args[2]))
	case "eval":
		script := read(os.Args[2])
		var object map[string]interface{}
		if err := json.Unmarshal(readStdin(), &object); err != nil {
			fail("stdin is not a JSON object: %v", err)
		}
		result, err := evaluate(string(script), object)
		if err != nil {
			fail("%s: %v", os.Args[2], err)
		}
		fmt.Printf("%s\t%s\n", result.Status, result.Message)
	default:
		fail("unknown command %s", os.Args[1])
	}
}

// runTests runs every case of every health_test.yaml under dir; the exit code.
func runTests(dir string) int {
	files, err := filepath.Glob(filepath.Join(dir, "*", "*", "health_test.yaml"))
	if err != nil || len(files) == 0 {
		fail("no */*/health_test.yaml under %s", dir)
	}
	sort.Strings(files)
	failed, passed := 0, 0
	for _, file := range files {
		kindDir := filepath.Dir(file)
		script := string(read(filepath.Join(kindDir, "health.lua")))
		var tests healthTests
		if err := yaml.Unmarshal(read(file), &tests); err != nil {
			fail("%s: %v", file, err)
		}
		if len(tests.Tests) == 0 {
			fail("%s has no tests", file)
		}
		for _, test := range tests.Tests {
			var object map[string]interface{}
			if err := yaml.Unmarshal(read(filepath.Join(kindDir, test.InputPath)), &object); err != nil {
				fail("%s: %v", test.InputPath, err)
			}
			// Numbers as the controller holds them (integers as int64), as Argo CD's tests note.
			raw, _ := json.Marshal(object)
			object = nil
			if err := json.Unmarshal(raw, &object); err != nil {
				fail("%s: %v", test.InputPath, err)
			}
			got, err := evaluate(script, object)
			name := filepath.Join(filepath.Base(filepath.Dir(kindDir)), filepath.Base(kindDir), test.InputPath)
			switch {
			case err != nil:
				failed++
				fmt.Printf("FAIL %s: %v\n", name, err)
			case *got != test.HealthStatus:
				failed++
				fmt.Printf("FAIL %s: got %s %q, want %s %q\n", name, got.Status, got.Message, test.HealthStatus.Status, test.HealthStatus.Message)
			default:
				passed++
				fmt.Printf("PASS %s: %s\n", name, got.Status)
			}
		}
	}
	fmt.Printf("%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

func evaluate(script string, object map[string]interface{}) (*health, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{{lua.LoadLibName, lua.OpenPackage}, {lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable}} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name)); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("obj", decode(l, object))
	if err := l.DoString(script); err != nil {
		return nil, err
	}
	table, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return nil, fmt.Errorf("expect table output from Lua script, not %s", l.Get(-1).Type())
	}
	result := &health{Status: field(table, "status"), Message: field(table, "message")}
	if !codes[result.Status] {
		return &health{Status: "Unknown", Message: "Lua returned an invalid health status"}, nil
	}
	return result, nil
}

func field(table *lua.LTable, name string) string {
	value := table.RawGetString(name)
	if value == lua.LNil {
		return ""
	}
	return value.String()
}

// decode turns the object into Lua values as Argo CD does: maps into tables, lists into arrays.
func decode(l *lua.LState, value interface{}) lua.LValue {
	switch v := value.(type) {
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case int64:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	case []interface{}:
		array := l.CreateTable(len(v), 0)
		for _, item := range v {
			array.Append(decode(l, item))
		}
		return array
	case map[string]interface{}:
		table := l.CreateTable(0, len(v))
		for key, item := range v {
			table.RawSetH(lua.LString(key), decode(l, item))
		}
		return table
	}
	return lua.LNil
}

func read(path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	return data
}

func readStdin() []byte {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("reading stdin: %v", err)
	}
	return data
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "argo-health: "+format+"\n", args...)
	os.Exit(2)
}
