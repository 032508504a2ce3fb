import { CONFIDENTIALITY, DOC_TYPES, URGENCIES } from '@thongsuot/shared/model/dossier';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../forms/Field.tsx';

export type DocType = (typeof DOC_TYPES)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Confidentiality = (typeof CONFIDENTIALITY)[number];

/** A document's type, urgency and confidentiality (Decree 30/2020), as both registers' forms ask them. */
export function DocumentKindFields({
  docType,
  urgency,
  confidentiality,
  onDocType,
  onUrgency,
  onConfidentiality,
}: {
  docType: DocType;
  urgency: Urgency;
  confidentiality: Confidentiality;
  onDocType: (value: DocType) => void;
  onUrgency: (value: Urgency) => void;
  onConfidentiality: (value: Confidentiality) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField
        label={t('documents.docType')}
        name="doc-type"
        value={docType}
        options={DOC_TYPES.map((v) => ({ value: v, label: t(`documents.docTypes.${v}`) }))}
        onChange={onDocType}
      />
      <SelectField
        label={t('documents.urgency')}
        name="urgency"
        value={urgency}
        options={URGENCIES.map((v) => ({ value: v, label: t(`documents.urgencies.${v}`) }))}
        onChange={onUrgency}
      />
      <SelectField
        label={t('documents.confidentiality')}
        name="confidentiality"
        value={confidentiality}
        options={CONFIDENTIALITY.map((v) => ({ value: v, label: t(`documents.confidentialities.${v}`) }))}
        onChange={onConfidentiality}
      />
    </>
  );
}
