"""The signature of the doc's test vector ("Webhooks" > "Security" > "Validating Payloads",
lines 6493-6496) and the verify helper a receiver uses."""
from emulator.webhooks.signing import sign, verify

DOC_KEY = "072e77e426f92738a72fe23c4d1953b4"
DOC_SIGNATURE = "UZAHbUdfm3GqL7qzilGozGzWV64="
DOC_BODY = (
    '{"answered":false,"business_phone_number":"","call_type":"voicemail","company_id":155920786,"com'
    'pany_name":"Boost Marketing","company_time_zone":"America/Los_Angeles","created_at":"2018-02-19T'
    '13:41:00.252-05:00","customer_city":"Rochester","customer_country":"US","customer_name":"Kaylah '
    'Mills","customer_phone_number":"+12148654559","customer_state":"PA","device_type":"","direction"'
    ':"inbound","duration":"13","first_call":false,"formatted_call_type":"Voicemail","formatted_custo'
    'mer_location":"Rochester, PA","formatted_business_phone_number":"","formatted_customer_name":"Ka'
    'ylah Mills","prior_calls":16,"formatted_customer_name_or_phone_number":"Kaylah Mills","formatted'
    '_customer_phone_number":"214-865-4559","formatted_duration":"13s","formatted_tracking_phone_numb'
    'er":"404-555-8514","formatted_tracking_source":"Google Paid","formatted_value":"--","good_lead_c'
    'all_id":715587840,"good_lead_call_time":"2016-06-17T10:23:33.363-04:00","id":766970532,"lead_sta'
    'tus":"previously_marked_good_lead","note":"","recording":"https://app.callrail.com/calls/7669705'
    '32/recording/redirect?access_key=aaaaccccddddeeee","recording_duration":8,"source_name":"Google '
    'AdWords","start_time":"2018-02-19T13:41:00.236-05:00","tags":[],"total_calls":17,"tracking_phone'
    '_number":"+14045558514","transcription":"","value":"","voicemail":true,"tracker_id":354024023,"k'
    'eywords":"","medium":"","referring_url":"","landing_page_url":"","last_requested_url":"","referr'
    'er_domain":"","conversational_transcript":"","utm_source":"google","utm_medium":"cpc","utm_term"'
    ':"","utm_content":"","utm_campaign":"Google AdWords","utma":"","utmb":"","utmc":"","utmv":"","ut'
    'mz":"","ga":"","gclid":"","integration_data":[{"integration":"Webhooks","data":null}],"keywords_'
    'spotted":"","recording_player":"https://app.callrail.com/calls/766970532/recording?access_key=aa'
    'aabbbbccccdddd","speaker_percent":"","call_highlights":[],"callercity":"Rochester","callercountr'
    'y":"US","callername":"Kaylah Mills","callernum":"+12148654559","callerstate":"PA","callsource":"'
    'google_paid","campaign":"","custom":"","datetime":"2018-02-19 18:41:00","destinationnum":"","ip"'
    ':"","kissmetrics_id":"","landingpage":"","referrer":"","referrermedium":"","score":1,"tag":"","t'
    'rackingnum":"+14045558514","timestamp":"2018-02-19T13:41:00.236-05:00"}'
)


def test_doc_test_vector():
    assert len(DOC_BODY) == 2279
    assert sign(DOC_KEY, DOC_BODY) == DOC_SIGNATURE
    assert sign(DOC_KEY, DOC_BODY.encode()) == DOC_SIGNATURE


def test_signature_covers_exact_bytes():
    assert sign(DOC_KEY, DOC_BODY + "\n") != DOC_SIGNATURE
    assert sign(DOC_KEY, DOC_BODY.replace(":", ": ")) != DOC_SIGNATURE
    assert sign("another key", DOC_BODY) != DOC_SIGNATURE


def test_verify():
    assert verify(DOC_KEY, DOC_BODY, DOC_SIGNATURE)
    assert verify(DOC_KEY, DOC_BODY, DOC_SIGNATURE + "\n")
    assert not verify(DOC_KEY, DOC_BODY, None)
    assert not verify(DOC_KEY, DOC_BODY, "")
    assert not verify(DOC_KEY, DOC_BODY + " ", DOC_SIGNATURE)
