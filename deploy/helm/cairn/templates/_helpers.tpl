{{/*
Names and labels (Helm's chart best practices). Every resource carries the standard labels; selectors use only
name, instance and component, which never change across upgrades.
*/}}

{{- define "cairn.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "cairn.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "cairn.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The name of one component's resources: (dict "root" $ "component" "registry-service") */}}
{{- define "cairn.componentName" -}}
{{- printf "%s-%s" (include "cairn.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels of one component: (dict "root" $ "component" "...") */}}
{{- define "cairn.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cairn.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* All labels of one component: (dict "root" $ "component" "...") */}}
{{- define "cairn.labels" -}}
helm.sh/chart: {{ include "cairn.chart" .root }}
{{ include "cairn.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: cairn
{{- end }}

{{/* Labels of release-wide resources (the Secret, the ServiceMonitor). */}}
{{- define "cairn.commonLabels" -}}
helm.sh/chart: {{ include "cairn.chart" . }}
app.kubernetes.io/name: {{ include "cairn.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cairn
{{- end }}

{{/* An app image: (dict "root" $ "image" .Values.registryService.image). A parent chart's global.imageRegistry applies when image.registry is empty. */}}
{{- define "cairn.image" -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- $registry := .root.Values.image.registry | default ((.root.Values.global).imageRegistry) -}}
{{- if $registry -}}
{{ $registry }}/{{ .image.repository }}:{{ $tag }}
{{- else -}}
{{ .image.repository }}:{{ $tag }}
{{- end -}}
{{- end }}

{{/* imagePullSecrets of every pod of the release: the chart's and a parent chart's global ones (names or {name}). */}}
{{- define "cairn.imagePullSecrets" -}}
{{- $secrets := list -}}
{{- range (concat (((.Values.global).imagePullSecrets) | default list) .Values.imagePullSecrets) -}}
{{- if kindIs "string" . -}}
{{- $secrets = append $secrets (dict "name" .) -}}
{{- else -}}
{{- $secrets = append $secrets (dict "name" .name) -}}
{{- end -}}
{{- end -}}
{{- if $secrets }}
imagePullSecrets:
  {{- toYaml (uniq $secrets) | nindent 2 }}
{{- end -}}
{{- end }}

{{/* The ServiceAccount the pods run as. */}}
{{- define "cairn.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "cairn.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end }}

{{/* The Secret this chart writes (token, database password, Consul token). */}}
{{- define "cairn.secretName" -}}
{{- include "cairn.fullname" . }}
{{- end }}

{{/*
Where an app's own write token lives: a secretKeyRef body, or nothing when it has none.
(dict "root" $ "component" "registry-service" "values" .Values.registryService)
*/}}
{{- define "cairn.tokenSecretRef" -}}
{{- $auth := .values.auth -}}
{{- if $auth.existingSecret -}}
name: {{ $auth.existingSecret }}
key: {{ $auth.existingSecretKey }}
{{- else if $auth.token -}}
name: {{ include "cairn.secretName" .root }}
key: {{ .component }}-token
{{- end -}}
{{- end }}

{{/*
An app without a token would take writes from its own pod only, which is of no use: the chart refuses to render
unless every deployed app has a token of its own, or auth.openWrites says that anyone who reaches them may write.
Called with the root context; names every app that lacks one.
*/}}
{{- define "cairn.requireTokens" -}}
{{- if not .Values.auth.openWrites -}}
{{- $missing := list -}}
{{- range $component, $key := dict "registry-service" "registryService" "status-aggregator" "statusAggregator" "marathon-consul-bridge" "marathonConsulBridge" -}}
{{- $app := index $.Values $key -}}
{{- if and $app.enabled (not (or $app.auth.token $app.auth.existingSecret)) -}}
{{- $missing = append $missing (printf "%s (set %s.auth.token or %s.auth.existingSecret)" $component $key $key) -}}
{{- end -}}
{{- end -}}
{{- if $missing -}}
{{- fail (printf "no write token for %s: each app needs a token of its own, or set auth.openWrites=true to let anyone who reaches them write" (join ", " $missing)) -}}
{{- end -}}
{{- end -}}
{{- end }}

{{/* Where the Consul ACL token lives, or nothing. */}}
{{- define "cairn.consulTokenSecretRef" -}}
{{- if .Values.consul.existingSecret -}}
name: {{ .Values.consul.existingSecret }}
key: {{ .Values.consul.existingSecretKey }}
{{- else if .Values.consul.token -}}
name: {{ include "cairn.secretName" . }}
key: consul-token
{{- end -}}
{{- end }}

{{/* Where the database password lives. */}}
{{- define "cairn.databasePasswordSecretRef" -}}
{{- if and (eq .Values.database.mode "external") .Values.database.external.existingSecret -}}
name: {{ .Values.database.external.existingSecret }}
key: {{ .Values.database.external.existingSecretKey }}
{{- else if and (eq .Values.database.mode "bundled") .Values.database.bundled.existingSecret -}}
name: {{ .Values.database.bundled.existingSecret }}
key: {{ .Values.database.bundled.existingSecretKey }}
{{- else -}}
name: {{ include "cairn.secretName" . }}
key: database-password
{{- end -}}
{{- end }}

{{- define "cairn.databaseUsername" -}}
{{- if eq .Values.database.mode "external" -}}
{{ .Values.database.external.username }}
{{- else -}}
{{ .Values.database.bundled.username }}
{{- end -}}
{{- end }}

{{/* The JDBC URL of one app's database: (dict "root" $ "database" "registry") */}}
{{- define "cairn.jdbcUrl" -}}
{{- $db := .root.Values.database -}}
{{- if eq $db.mode "external" -}}
{{- $name := index $db.external.databases .database -}}
jdbc:postgresql://{{ $db.external.host }}:{{ $db.external.port }}/{{ $name }}{{ if $db.external.parameters }}?{{ $db.external.parameters }}{{ end }}
{{- else -}}
jdbc:postgresql://{{ include "cairn.componentName" (dict "root" .root "component" "postgresql") }}:5432/{{ .database }}
{{- end -}}
{{- end }}

{{/*
The bundled PostgreSQL's password: the value, else (on an upgrade) the one the release stored at install, since
PostgreSQL keeps the password it was initialised with, else a new random one. The cluster is only asked on
upgrades, so `helm template` and installs render offline.
*/}}
{{- define "cairn.bundledDatabasePassword" -}}
{{- if .Values.database.bundled.password -}}
{{ .Values.database.bundled.password }}
{{- else -}}
{{- $existing := dict -}}
{{- if .Release.IsUpgrade -}}
{{- $existing = (lookup "v1" "Secret" .Release.Namespace (include "cairn.secretName" .)) | default dict -}}
{{- end -}}
{{- if and $existing.data (index $existing.data "database-password") -}}
{{ index $existing.data "database-password" | b64dec }}
{{- else -}}
{{ randAlphaNum 32 }}
{{- end -}}
{{- end -}}
{{- end }}
