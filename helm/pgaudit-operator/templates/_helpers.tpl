{{/* The chart name, shortened to fit a DNS label. */}}
{{- define "pgaudit-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The resource name prefix. When the release name already contains the chart name it is used as is,
so "helm install pgaudit-operator ." gives "pgaudit-operator", not "pgaudit-operator-pgaudit-operator".
*/}}
{{- define "pgaudit-operator.fullname" -}}
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

{{- define "pgaudit-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pgaudit-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pgaudit-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pgaudit-operator.labels" -}}
helm.sh/chart: {{ include "pgaudit-operator.chart" . }}
{{ include "pgaudit-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "pgaudit-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pgaudit-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "pgaudit-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Where the default Aiven token Secret is mounted (runtime contract: PGAUDIT_AIVEN_TOKEN_FILE). */}}
{{- define "pgaudit-operator.tokenDir" -}}
/var/run/secrets/pgaudit/aiven
{{- end }}

{{/*
The rules the operator needs on the namespaces it watches, and nothing more (runtime contract).
Shared by the ClusterRole and the per-namespace Roles so both grant exactly the same.
*/}}
{{- define "pgaudit-operator.watchRules" -}}
- apiGroups: ["pgaudit.dev"]
  resources: ["pgauditpolicies"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["pgaudit.dev"]
  resources: ["pgauditpolicies/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["pgaudit.dev"]
  resources: ["pgauditpolicies/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
