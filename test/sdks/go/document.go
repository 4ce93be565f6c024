// The bundled OpenAPI document (CSMS_OPENAPI), read as plain JSON: its operations, their
// parameters, bodies and answers, and the error statuses each one documents.
package main

import (
	"sort"
	"strings"
)

type document struct {
	raw   map[string]any
	paths map[string]map[string]any
}

type docOperation struct {
	id, method, path string
	params           []string // names, project_id included
	body             map[string]any
	success          string
	response         map[string]any
	errorStatuses    []string       // the 400 and 404 the operation documents (the gateway's 401, 403 and 429 aside)
	responses        map[string]any // by status, as written (each resolved on use)
	bodyExamples     map[string]any // the request body's examples, by name, as written
	examplesOnly     bool           // x-mock-examples: the stateful mock answers it from its examples
}

func readDocument(path string) (document, error) {
	doc := document{}
	if err := readJSON(path, &doc.raw); err != nil {
		return doc, err
	}
	rawPaths, _ := doc.raw["paths"].(map[string]any)
	doc.paths = map[string]map[string]any{}
	for p, item := range rawPaths {
		doc.paths[p], _ = item.(map[string]any)
	}
	return doc, nil
}

// Follows a local $ref ("#/components/…") to its target.
func (d document) resolve(node any) map[string]any {
	m, _ := node.(map[string]any)
	for m != nil {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var cur any = d.raw
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
			next, _ := cur.(map[string]any)
			cur = next[part]
		}
		m, _ = cur.(map[string]any)
	}
	return m
}

// The document's operations, in path order then method order as written.
func (d document) operations() []docOperation {
	var ops []docOperation
	paths := make([]string, 0, len(d.paths))
	for p := range d.paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		item := d.resolve(d.paths[p])
		for _, method := range []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"} {
			op := d.resolve(item[method])
			if op == nil {
				continue
			}
			o := docOperation{path: p, method: strings.ToUpper(method)}
			o.id, _ = op["operationId"].(string)
			for _, list := range []any{item["parameters"], op["parameters"]} {
				arr, _ := list.([]any)
				for _, param := range arr {
					if name, ok := d.resolve(param)["name"].(string); ok {
						o.params = append(o.params, name)
					}
				}
			}
			if rb := d.resolve(op["requestBody"]); rb != nil {
				o.body = d.mediaSchema(rb)
				o.bodyExamples = d.mediaExamples(rb)
			}
			o.examplesOnly = op["x-mock-examples"] == true
			responses := d.resolve(op["responses"])
			o.responses = responses
			for code := range responses {
				if strings.HasPrefix(code, "2") && (o.success == "" || code < o.success) {
					o.success = code
				}
				if code == "400" || code == "404" {
					o.errorStatuses = append(o.errorStatuses, code)
				}
			}
			sort.Strings(o.errorStatuses)
			if o.success != "" {
				o.response = d.mediaSchema(d.resolve(responses[o.success]))
			}
			ops = append(ops, o)
		}
	}
	return ops
}

func (d document) mediaSchema(holder map[string]any) map[string]any {
	content, _ := holder["content"].(map[string]any)
	for _, media := range content {
		if m, ok := media.(map[string]any); ok {
			return d.resolve(m["schema"])
		}
	}
	return nil
}

func (d document) mediaExamples(holder map[string]any) map[string]any {
	content, _ := holder["content"].(map[string]any)
	for _, media := range content {
		if m, ok := media.(map[string]any); ok {
			examples, _ := m["examples"].(map[string]any)
			return examples
		}
	}
	return nil
}

// The object properties a schema allows (through $ref, allOf, anyOf, oneOf), each resolved.
func (d document) properties(schema map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	schema = d.resolve(schema)
	if schema == nil {
		return out
	}
	if props, ok := schema["properties"].(map[string]any); ok {
		for name, p := range props {
			out[name] = d.resolve(p)
		}
	}
	for _, key := range []string{"allOf", "anyOf", "oneOf"} {
		arr, _ := schema[key].([]any)
		for _, sub := range arr {
			for name, p := range d.properties(d.resolve(sub)) {
				out[name] = p
			}
		}
	}
	return out
}

// The schema of an array's items (through $ref and anyOf/oneOf), or nil.
func (d document) items(schema map[string]any) map[string]any {
	schema = d.resolve(schema)
	if schema == nil {
		return nil
	}
	if it, ok := schema["items"]; ok {
		return d.resolve(it)
	}
	for _, key := range []string{"allOf", "anyOf", "oneOf"} {
		arr, _ := schema[key].([]any)
		for _, sub := range arr {
			if it := d.items(d.resolve(sub)); it != nil {
				return it
			}
		}
	}
	return nil
}

// The maxItems of a list in an operation's success answer (0 when it gives none).
func (d document) maxItems(op docOperation, property string) int {
	n, _ := d.properties(op.response)[property]["maxItems"].(float64)
	return int(n)
}
