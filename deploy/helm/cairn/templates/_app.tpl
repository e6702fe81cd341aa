{{/*
The three apps share one shape: a Deployment with an HTTP and a management port, probes on the actuator's
liveness and readiness groups, a Service, and a PodDisruptionBudget. Each is called with
(dict "root" $ "component" "<module>" "key" "<values key>" "values" .Values.<key> "env" "<named template of its own env>").
*/}}

{{- define "cairn.app.deployment" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- include "cairn.requireTokens" $root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "cairn.componentName" . }}
  labels:
    {{- include "cairn.labels" . | nindent 4 }}
spec:
  replicas: {{ $v.replicaCount }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "cairn.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # A new pod is ready before an old one goes, so capacity never drops during an upgrade.
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        {{- include "cairn.labels" . | nindent 8 }}
      annotations:
        # Pods restart when the Secret's content changes (a new token or password).
        checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- include "cairn.imagePullSecrets" $root | nindent 6 }}
      serviceAccountName: {{ include "cairn.serviceAccountName" $root }}
      # The apps call no Kubernetes API.
      automountServiceAccountToken: false
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      # Spring Boot's graceful shutdown takes up to 20 s per phase; the preStop pause lets endpoints drop the pod first.
      terminationGracePeriodSeconds: 45
      containers:
        - name: {{ .component }}
          image: {{ include "cairn.image" (dict "root" $root "image" $v.image) | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $v.port }}
              protocol: TCP
            - name: management
              containerPort: {{ $root.Values.management.port }}
              protocol: TCP
          env:
            - name: SERVER_PORT
              value: {{ $v.port | quote }}
            - name: MANAGEMENT_SERVER_PORT
              value: {{ $root.Values.management.port | quote }}
            - name: CAIRN_DATADIR
              value: /var/lib/cairn
            {{- with $root.Values.logging.structuredFormat }}
            - name: LOGGING_STRUCTURED_FORMAT_CONSOLE
              value: {{ . | quote }}
            {{- end }}
            {{- if $root.Values.zookeeper.connectString }}
            - name: SPRING_CLOUD_ZOOKEEPER_CONNECTSTRING
              value: {{ $root.Values.zookeeper.connectString | quote }}
            {{- end }}
            {{- with (include "cairn.tokenSecretRef" .) }}
            - name: CAIRN_SECURITY_TOKEN
              valueFrom:
                secretKeyRef:
                  {{- . | nindent 18 }}
            {{- else }}
            # No token: writes are open to anyone who reaches the app (auth.openWrites).
            - name: CAIRN_SECURITY_OPEN_WRITES
              value: "true"
            {{- end }}
            {{- include .env $root | nindent 12 }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- range $probe, $path := dict "startupProbe" "/actuator/health/liveness" "livenessProbe" "/actuator/health/liveness" "readinessProbe" "/actuator/health/readiness" }}
          {{- $settings := index $v $probe }}
          {{- if $settings.enabled }}
          {{ $probe }}:
            httpGet:
              path: {{ $path }}
              port: management
            {{- toYaml (omit $settings "enabled") | nindent 12 }}
          {{- end }}
          {{- end }}
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "5"]
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            - name: data
              mountPath: /var/lib/cairn
            {{- with $v.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        # The root filesystem is read-only: Tomcat and the JVM write to /tmp only.
        - name: tmp
          emptyDir: {}
        - name: data
          emptyDir: {}
        {{- with $v.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if $v.affinity }}
      affinity:
        {{- toYaml $v.affinity | nindent 8 }}
      {{- else }}
      # Replicas prefer different nodes, so one node going away leaves the others serving.
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    {{- include "cairn.selectorLabels" . | nindent 20 }}
      {{- end }}
{{- end }}

{{- define "cairn.app.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "cairn.componentName" . }}
  labels:
    {{- include "cairn.labels" . | nindent 4 }}
spec:
  type: {{ .values.service.type }}
  selector:
    {{- include "cairn.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .values.port }}
      targetPort: http
      protocol: TCP
    - name: management
      port: {{ .root.Values.management.port }}
      targetPort: management
      protocol: TCP
{{- end }}

{{- define "cairn.app.pdb" -}}
{{- if and .values.podDisruptionBudget.enabled (gt (int .values.replicaCount) 1) -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "cairn.componentName" . }}
  labels:
    {{- include "cairn.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "cairn.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}

{{/* Environment of the apps with a database. */}}
{{- define "cairn.env.database" -}}
- name: SPRING_DATASOURCE_URL
  value: {{ include "cairn.jdbcUrl" (dict "root" .root "database" .database) | quote }}
- name: SPRING_DATASOURCE_USERNAME
  value: {{ include "cairn.databaseUsername" .root | quote }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- include "cairn.databasePasswordSecretRef" .root | nindent 6 }}
# Never fall back to a throwaway database inside the pod: without a reachable PostgreSQL the app must not start.
- name: CAIRN_EMBEDDEDPOSTGRES_ENABLED
  value: "false"
{{- end }}

{{/* Environment of the apps that talk to Consul. */}}
{{- define "cairn.env.consul" -}}
- name: CAIRN_CONSUL_ADDRESSES
  value: {{ join "," .Values.consul.addresses | quote }}
{{- with (include "cairn.consulTokenSecretRef" .) }}
- name: CAIRN_CONSUL_TOKEN
  valueFrom:
    secretKeyRef:
      {{- . | nindent 6 }}
{{- end }}
{{- end }}

{{- define "cairn.env.registry-service" -}}
{{ include "cairn.env.database" (dict "root" . "database" "registry") }}
{{- end }}

{{- define "cairn.env.status-aggregator" -}}
{{ include "cairn.env.database" (dict "root" . "database" "status") }}
{{- if and .Values.statusAggregator.discovery.registry .Values.registryService.enabled }}
- name: CAIRN_STATUS_DISCOVERY_REGISTRY_URL
  value: {{ printf "http://%s:%d" (include "cairn.componentName" (dict "root" . "component" "registry-service")) (int .Values.registryService.port) | quote }}
{{- end }}
{{- if .Values.statusAggregator.discovery.consul }}
- name: CAIRN_STATUS_DISCOVERY_CONSUL_ENABLED
  value: "true"
{{ include "cairn.env.consul" . }}
{{- end }}
{{- end }}

{{- define "cairn.env.marathon-consul-bridge" -}}
{{- $b := .Values.marathonConsulBridge -}}
- name: CAIRN_BRIDGE_REGISTRATIONID
  value: {{ $b.registrationId | quote }}
- name: CAIRN_BRIDGE_LEADER_ELECTION
  value: {{ $b.leaderElection | quote }}
- name: CAIRN_BRIDGE_CONSUL_REGISTERON
  value: {{ $b.registerOn | quote }}
{{- if .Values.consul.addresses }}
{{ include "cairn.env.consul" . }}
{{- end }}
{{- if .Values.mesos.master }}
- name: CAIRN_MESOS_MASTER
  value: {{ .Values.mesos.master | quote }}
{{- end }}
{{- if .Values.mesos.marathonZk }}
- name: CAIRN_MESOS_MARATHON_ZK
  value: {{ .Values.mesos.marathonZk | quote }}
{{- end }}
{{- if .Values.mesos.marathonUrls }}
- name: CAIRN_BRIDGE_MARATHON_URLS
  value: {{ join "," .Values.mesos.marathonUrls | quote }}
{{- end }}
{{- end }}

{{/* An Ingress for an app's HTTP port, when <app>.ingress.enabled. */}}
{{- define "cairn.app.ingress" -}}
{{- $i := .values.ingress -}}
{{- if $i.enabled -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "cairn.componentName" . }}
  labels:
    {{- include "cairn.labels" . | nindent 4 }}
  {{- with $i.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with $i.className }}
  ingressClassName: {{ . | quote }}
  {{- end }}
  {{- with $i.tls }}
  tls:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  rules:
    - {{- with $i.host }}
      host: {{ . | quote }}
      {{- end }}
      http:
        paths:
          - path: {{ $i.path | quote }}
            pathType: {{ $i.pathType }}
            backend:
              service:
                name: {{ include "cairn.componentName" . }}
                port:
                  name: http
{{- end }}
{{- end }}

{{/*
The NetworkPolicy of an app: its HTTP port from anyone (networkPolicy.allowExternal) or from this release's apps,
its clients (label "<full name>-client: true") and networkPolicy.ingressFrom; its management port from
networkPolicy.metrics.from and the `helm test` pod.
*/}}
{{- define "cairn.app.networkPolicy" -}}
{{- $root := .root -}}
{{- $np := $root.Values.networkPolicy -}}
{{- if $np.enabled -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "cairn.componentName" . }}
  labels:
    {{- include "cairn.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "cairn.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress]
  ingress:
    - ports:
        - port: http
          protocol: TCP
      {{- if not $np.allowExternal }}
      from:
        - podSelector:
            matchLabels:
              app.kubernetes.io/instance: {{ $root.Release.Name }}
              app.kubernetes.io/part-of: cairn
        - podSelector:
            matchLabels:
              {{ include "cairn.fullname" $root }}-client: "true"
        {{- with $np.ingressFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- end }}
    - ports:
        - port: management
          protocol: TCP
      from:
        - podSelector:
            matchLabels:
              {{- include "cairn.selectorLabels" (dict "root" $root "component" "tests") | nindent 14 }}
        {{- with $np.metrics.from }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- end }}
{{- end }}
